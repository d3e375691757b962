import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { type Job, Worker } from 'bullmq';
import { AppConfig } from '@scout/config';
import { RedisClientFactory } from '@scout/database';
import { QueueMetrics } from '@scout/observability';
import { QueueName, ScrapeQueue } from '@scout/scraping';
import { MaintenanceProcessor } from './processors/maintenance.processor';
import { ScrapeProcessor } from './processors/scrape.processor';

/**
 * Starts one BullMQ worker per queue named in `WORKER_QUEUES`, so one image scales per queue;
 * concurrency, lock and stall settings come from config. On shutdown the workers stop taking
 * jobs and wait for running ones before connections close.
 */
@Injectable()
export class QueueWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private readonly workers: Worker[] = [];

  constructor(
    private readonly factory: RedisClientFactory,
    private readonly config: AppConfig,
    private readonly queue: ScrapeQueue,
    private readonly scrape: ScrapeProcessor,
    private readonly maintenance: MaintenanceProcessor,
    private readonly metrics: QueueMetrics,
  ) {}

  onApplicationBootstrap(): void {
    for (const name of this.config.queue.workerQueues as QueueName[]) {
      const processor =
        name === QueueName.Scrape
          ? (job: Job, token?: string) => this.scrape.process(job, token)
          : () => this.maintenance.process();
      const worker = new Worker(name, processor, {
        connection: this.factory.create(`worker:${name}`, {
          maxRetriesPerRequest: null,
          enableOfflineQueue: true,
        }),
        prefix: this.config.queue.prefix,
        concurrency: name === QueueName.Scrape ? this.config.queue.concurrency : 1,
        lockDuration: this.config.queue.lockDurationMs,
        stalledInterval: this.config.queue.stalledIntervalMs,
      });
      worker.on('error', (error: Error) =>
        this.logger.warn({ queue: name, errName: error.name }, 'worker error'),
      );
      worker.on('stalled', (jobId: string) => {
        this.metrics.jobStalled(name);
        this.logger.warn({ queue: name, jobId }, 'job stalled; it will run again');
      });
      this.workers.push(worker);
      this.logger.log({ queue: name, concurrency: worker.concurrency }, 'consuming');
    }
    if ((this.config.queue.workerQueues as QueueName[]).includes(QueueName.Maintenance)) {
      this.queue
        .ensureRescrapeScheduler()
        .catch((error: Error) =>
          this.logger.warn({ errName: error.name }, 'could not register the re-scrape scheduler'),
        );
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }
}
