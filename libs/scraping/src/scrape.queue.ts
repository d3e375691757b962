import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { type JobsOptions, Queue } from 'bullmq';
import { AppConfig } from '@scout/config';
import { RedisClientFactory } from '@scout/database';
import { type TraceCarrier, traceEnqueue } from '@scout/observability';
import type { ScrapeJobPayload } from './scrape-job.payload';
import {
  BULLMQ_PRIORITY,
  JobName,
  type Priority,
  QueueName,
  RESCRAPE_SCHEDULER_ID,
} from './scraping.constants';

/**
 * The one typed producer for Scout's queues: job ids, priorities, retention and backoff are
 * decided here, so feature code never touches BullMQ directly. The BullMQ job id is the scrape
 * job's id, which is unique per request; one active job per target is enforced by the
 * scrape_jobs record (see ScrapeJob.activeKey).
 */
@Injectable()
export class ScrapeQueue implements OnModuleDestroy {
  private readonly logger = new Logger('Queue');
  private readonly scrape: Queue;
  private readonly maintenance: Queue;

  constructor(
    factory: RedisClientFactory,
    private readonly config: AppConfig,
  ) {
    const connection = factory.create('queue', { maxRetriesPerRequest: 1 });
    this.scrape = new Queue(QueueName.Scrape, { connection, prefix: config.queue.prefix });
    this.maintenance = new Queue(QueueName.Maintenance, {
      connection,
      prefix: config.queue.prefix,
    });
    for (const queue of [this.scrape, this.maintenance]) {
      queue.on('error', (error: Error) =>
        this.logger.warn({ queue: queue.name, errName: error.name }, 'queue error'),
      );
    }
  }

  private jobOptions(payload: ScrapeJobPayload, priority: Priority): JobsOptions {
    return {
      jobId: payload.scrapeJobId,
      priority: BULLMQ_PRIORITY[priority],
      attempts: this.config.queue.jobAttempts,
      backoff: {
        type: 'exponential',
        delay: Math.max(1_000, this.config.scraping.retryMaxDelayMs),
      },
      removeOnComplete: { count: this.config.queue.keepCompleted },
      removeOnFail: { count: this.config.queue.keepFailed },
    };
  }

  async enqueue(payload: ScrapeJobPayload, priority: Priority): Promise<void> {
    await traceEnqueue(QueueName.Scrape, JobName.ScrapeProfile, (trace) =>
      this.scrape.add(
        JobName.ScrapeProfile,
        withTrace(payload, trace),
        this.jobOptions(payload, priority),
      ),
    );
  }

  /** One round trip for a whole batch. */
  async enqueueBulk(
    items: Array<{ payload: ScrapeJobPayload; priority: Priority }>,
  ): Promise<void> {
    if (items.length === 0) return;
    await traceEnqueue(QueueName.Scrape, JobName.ScrapeProfile, (trace) =>
      this.scrape.addBulk(
        items.map(({ payload, priority }) => ({
          name: JobName.ScrapeProfile,
          data: withTrace(payload, trace),
          opts: this.jobOptions(payload, priority),
        })),
      ),
    );
  }

  /** Removes a waiting or delayed job; false when it is running (locked) or gone. */
  async removeWaiting(scrapeJobId: string): Promise<boolean> {
    const job = await this.scrape.getJob(scrapeJobId);
    if (!job) return true;
    if (await job.isActive()) return false;
    try {
      await job.remove();
      return true;
    } catch {
      return false;
    }
  }

  /** Whether BullMQ still holds a job for this scrape job (for reconciliation). */
  async exists(scrapeJobId: string): Promise<boolean> {
    return (await this.scrape.getJob(scrapeJobId)) !== undefined;
  }

  /** Re-runs a failed job: retries the BullMQ job if kept, or enqueues it anew. */
  async requeue(payload: ScrapeJobPayload, priority: Priority): Promise<void> {
    const job = await this.scrape.getJob(payload.scrapeJobId);
    if (job && (await job.isFailed())) {
      await job.retry('failed', { resetAttemptsMade: true });
      return;
    }
    if (job) await job.remove();
    await this.enqueue(payload, priority);
  }

  /** Creates or updates the single re-scrape scheduler; the same id from every process. */
  async ensureRescrapeScheduler(): Promise<void> {
    await this.maintenance.upsertJobScheduler(
      RESCRAPE_SCHEDULER_ID,
      { every: this.config.scraping.schedulerEveryMs },
      { name: JobName.RescrapeStale, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
  }

  /**
   * The BullMQ queues themselves, for the admin queue dashboard only: it must show the very
   * queues (names and prefix) this producer writes to. Feature code goes through the methods above.
   */
  dashboardQueues(): readonly Queue[] {
    return [this.scrape, this.maintenance];
  }

  /** Waiting, prioritized, active, delayed and failed counts of a queue, for health and metrics. */
  counts(queue: QueueName = QueueName.Scrape): Promise<Record<string, number>> {
    const target = queue === QueueName.Maintenance ? this.maintenance : this.scrape;
    return target.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.scrape.close(), this.maintenance.close()]);
  }
}

/** The payload with the enqueueing trace's context, when there is one. */
function withTrace(payload: ScrapeJobPayload, trace: TraceCarrier | undefined): ScrapeJobPayload {
  return trace ? { ...payload, trace } : payload;
}
