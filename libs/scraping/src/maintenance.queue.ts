import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AppConfig } from '@scout/config';
import { QueueConnection, withinEnqueueTimeout } from './queue-connection';
import { JobName, QueueName, RESCRAPE_SCHEDULER_ID } from './scraping.constants';

/**
 * The typed producer of the maintenance queue: the single re-scrape job scheduler lives here, so
 * feature code and the worker never touch BullMQ's scheduler API directly.
 */
@Injectable()
export class MaintenanceQueue implements OnModuleDestroy {
  private readonly logger = new Logger('Queue');
  private readonly queue: Queue;

  constructor(
    connection: QueueConnection,
    private readonly config: AppConfig,
  ) {
    this.queue = new Queue(QueueName.Maintenance, {
      connection: connection.client,
      prefix: config.queue.prefix,
    });
    this.queue.on('error', (error: Error) =>
      this.logger.warn({ queue: this.queue.name, errName: error.name }, 'queue error'),
    );
  }

  /** Creates or updates the single re-scrape scheduler; the same id from every process. */
  async ensureRescrapeScheduler(): Promise<void> {
    await this.queue.upsertJobScheduler(
      RESCRAPE_SCHEDULER_ID,
      { every: this.config.scraping.schedulerEveryMs },
      { name: JobName.RescrapeStale, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
  }

  /**
   * Registers the re-scrape scheduler again if Redis lost it (a flush): a repeatable job cannot
   * bring itself back, so the worker's sweep timer calls this. True when it had to.
   */
  async restoreRescrapeScheduler(): Promise<boolean> {
    const timeoutMs = this.config.queue.enqueueTimeoutMs;
    const existing = await withinEnqueueTimeout(
      this.queue.getJobScheduler(RESCRAPE_SCHEDULER_ID),
      timeoutMs,
    );
    if (existing) return false;
    await withinEnqueueTimeout(this.ensureRescrapeScheduler(), timeoutMs);
    return true;
  }

  /** The BullMQ queue itself, for the admin queue dashboard only. */
  dashboardQueue(): Queue {
    return this.queue;
  }

  /** Waiting, prioritized, active, delayed and failed counts, for health and metrics. */
  counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
  }
}
