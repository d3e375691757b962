import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DelayedError, type Job, Worker } from 'bullmq';
import { AppConfig } from '@scout/config';
import { RedisClientFactory } from '@scout/database';
import { Flag, FlagsService } from '@scout/flags';
import { QueueMetrics } from '@scout/observability';
import { QueueName, ScrapeQueue } from '@scout/scraping';
import { MaintenanceProcessor } from './processors/maintenance.processor';
import { ScrapeProcessor } from './processors/scrape.processor';

/** How long a scrape job taken while scraping is switched off waits before it is offered again. */
const PUT_BACK_DELAY_MS = 1_000;

/**
 * Starts one BullMQ worker per queue named in `WORKER_QUEUES`, so one image scales per queue;
 * concurrency, lock and stall settings come from config. On shutdown the workers stop taking
 * jobs and wait for running ones before connections close.
 *
 * The scrape worker follows the `scraping.enabled` flag: off pauses it in this process (running
 * jobs finish, queued ones stay queued), on resumes it; a worker booted with the flag off does
 * not start consuming until it turns on.
 */
@Injectable()
export class QueueWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private readonly workers: Worker[] = [];
  private scrapeWorker: Worker | undefined;
  /** Pause and resume run one after the other, each seeing the flag's latest value. */
  private switching: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(
    private readonly factory: RedisClientFactory,
    private readonly config: AppConfig,
    private readonly queue: ScrapeQueue,
    private readonly scrape: ScrapeProcessor,
    private readonly maintenance: MaintenanceProcessor,
    private readonly metrics: QueueMetrics,
    private readonly flags: FlagsService,
  ) {}

  onApplicationBootstrap(): void {
    for (const name of this.config.queue.workerQueues as QueueName[]) {
      const processor =
        name === QueueName.Scrape
          ? (job: Job, token?: string) => this.runScrape(job, token)
          : () => this.maintenance.process();
      const worker = new Worker(name, processor, {
        connection: this.factory.create(`worker:${name}`, {
          maxRetriesPerRequest: null,
          enableOfflineQueue: true,
          // Blocking pops wait by design; the job lock keeps stalled work bounded instead.
          commandTimeout: undefined,
        }),
        prefix: this.config.queue.prefix,
        concurrency: name === QueueName.Scrape ? this.config.queue.concurrency : 1,
        lockDuration: this.config.queue.lockDurationMs,
        stalledInterval: this.config.queue.stalledIntervalMs,
        autorun: name !== QueueName.Scrape || this.flags.isEnabled(Flag.ScrapingEnabled),
      });
      if (name === QueueName.Scrape) this.scrapeWorker = worker;
      worker.on('error', (error: Error) =>
        this.logger.warn({ queue: name, errName: error.name }, 'worker error'),
      );
      worker.on('stalled', (jobId: string) => {
        this.metrics.jobStalled(name);
        this.logger.warn({ queue: name, jobId }, 'job stalled; it will run again');
      });
      this.workers.push(worker);
      if (worker.opts.autorun) {
        this.logger.log({ queue: name, concurrency: worker.concurrency }, 'consuming');
      } else {
        this.logger.warn({ queue: name }, 'not consuming: scraping is switched off');
      }
    }
    this.flags.onChange(Flag.ScrapingEnabled, () => this.followScrapingFlag());
    if ((this.config.queue.workerQueues as QueueName[]).includes(QueueName.Maintenance)) {
      this.queue
        .ensureRescrapeScheduler()
        .catch((error: Error) =>
          this.logger.warn({ errName: error.name }, 'could not register the re-scrape scheduler'),
        );
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.workers.map((worker) => worker.close()));
  }

  private async runScrape(job: Job, token?: string): Promise<Record<string, unknown>> {
    if (!this.flags.isEnabled(Flag.ScrapingEnabled)) {
      // A fetch that was already waiting when the flag turned off may still hand over one job:
      // it goes back untouched, without spending an attempt.
      await job.moveToDelayed(Date.now() + PUT_BACK_DELAY_MS, token);
      throw new DelayedError();
    }
    return this.scrape.process(job, token);
  }

  private followScrapingFlag(): void {
    const worker = this.scrapeWorker;
    if (!worker) return;
    this.switching = this.switching
      .then(async () => {
        if (this.stopping) return;
        const on = this.flags.isEnabled(Flag.ScrapingEnabled);
        if (on && (worker.isPaused() || !worker.isRunning())) {
          await worker.resume();
          this.logger.log({ queue: worker.name }, 'scraping switched on: consuming');
        } else if (!on && !worker.isPaused()) {
          this.logger.warn({ queue: worker.name }, 'scraping switched off: pausing');
          await worker.pause();
          this.logger.warn({ queue: worker.name }, 'paused; running jobs have finished');
        }
      })
      .catch((error: Error) =>
        this.logger.warn({ queue: worker.name, errName: error.name }, 'could not follow the flag'),
      );
  }
}
