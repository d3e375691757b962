import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DelayedError, type Job, type Processor, Worker } from 'bullmq';
import { AppConfig } from '@scout/config';
import { RedisClientFactory } from '@scout/database';
import { type Flag, FlagsService } from '@scout/flags';
import { QueueMetrics } from '@scout/observability';
import {
  type ConsumedQueue,
  consumedQueues,
  QUEUE_REGISTRY_TOKEN,
  type QueueProcessor,
  type QueueRegistry,
} from './queues/queue-registry';

/** How long a job taken while its queue's flag is off waits before it is offered again. */
const PUT_BACK_DELAY_MS = 1_000;

/**
 * Starts one BullMQ worker per queue named in `WORKER_QUEUES`, so one image scales per queue;
 * what runs each queue, and with which settings, comes from the queue registry, and a queue
 * without an entry fails the boot. On shutdown the workers stop taking jobs and wait for running
 * ones before connections close.
 *
 * A queue whose entry names a pausing flag follows it: off pauses its worker in this process
 * (running jobs finish, queued ones stay queued), on resumes it; a worker booted with the flag
 * off does not start consuming until it turns on.
 */
@Injectable()
export class QueueWorkers
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('Worker');
  private readonly workers: Worker[] = [];
  private queues: ConsumedQueue[] = [];
  /** Pause and resume run one after the other, each seeing the flag's latest value. */
  private switching: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(
    private readonly factory: RedisClientFactory,
    private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
    private readonly metrics: QueueMetrics,
    private readonly flags: FlagsService,
    @Inject(QUEUE_REGISTRY_TOKEN) private readonly registry: QueueRegistry,
  ) {}

  onModuleInit(): void {
    this.queues = consumedQueues(this.config.queue.workerQueues, this.registry);
  }

  onApplicationBootstrap(): void {
    for (const queue of this.queues) {
      const processor = this.moduleRef.get<QueueProcessor>(queue.entry.processor);
      const worker = this.start(queue, processor);
      this.workers.push(worker);
      const flag = queue.entry.pausedBy;
      if (flag) this.flags.onChange(flag, () => this.followFlag(worker, flag));
      processor
        .onConsume?.()
        .catch((error: Error) =>
          this.logger.warn(
            { queue: queue.name, errName: error.name },
            'could not prepare the queue',
          ),
        );
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.workers.map((worker) => worker.close()));
  }

  private start({ name, entry }: ConsumedQueue, processor: QueueProcessor): Worker {
    const settings = entry.settings(this.config);
    const flag = entry.pausedBy;
    const worker = new Worker(name, this.handler(processor, flag), {
      connection: this.factory.create(`worker:${name}`, {
        maxRetriesPerRequest: null,
        enableOfflineQueue: true,
        // Blocking pops wait by design; the job lock keeps stalled work bounded instead.
        commandTimeout: undefined,
      }),
      prefix: this.config.queue.prefix,
      concurrency: settings.concurrency,
      lockDuration: settings.lockDurationMs,
      stalledInterval: settings.stalledIntervalMs,
      autorun: !flag || this.flags.isEnabled(flag),
    });
    worker.on('error', (error: Error) =>
      this.logger.warn({ queue: name, errName: error.name }, 'worker error'),
    );
    worker.on('stalled', (jobId: string) => {
      this.metrics.jobStalled(name);
      this.logger.warn({ queue: name, jobId }, 'job stalled; it will run again');
    });
    if (worker.opts.autorun) {
      this.logger.log({ queue: name, concurrency: worker.concurrency }, 'consuming');
    } else {
      this.logger.warn({ queue: name, flag }, 'not consuming: switched off by its flag');
    }
    return worker;
  }

  /** The job function; under a pausing flag, a job fetched just as the flag turned off goes back. */
  private handler(processor: QueueProcessor, flag: Flag | undefined): Processor {
    if (!flag) return (job: Job, token?: string) => processor.process(job, token);
    return async (job: Job, token?: string) => {
      if (!this.flags.isEnabled(flag)) {
        // A fetch already waiting when the flag turned off may still hand over one job: it goes
        // back untouched, without spending an attempt.
        await job.moveToDelayed(Date.now() + PUT_BACK_DELAY_MS, token);
        throw new DelayedError();
      }
      return processor.process(job, token);
    };
  }

  private followFlag(worker: Worker, flag: Flag): void {
    this.switching = this.switching
      .then(async () => {
        if (this.stopping) return;
        const on = this.flags.isEnabled(flag);
        if (on && (worker.isPaused() || !worker.isRunning())) {
          await worker.resume();
          this.logger.log({ queue: worker.name, flag }, 'switched on: consuming');
        } else if (!on && !worker.isPaused()) {
          this.logger.warn({ queue: worker.name, flag }, 'switched off: pausing');
          await worker.pause();
          this.logger.warn({ queue: worker.name }, 'paused; running jobs have finished');
        }
      })
      .catch((error: Error) =>
        this.logger.warn({ queue: worker.name, errName: error.name }, 'could not follow the flag'),
      );
  }
}
