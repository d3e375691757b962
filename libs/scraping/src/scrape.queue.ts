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

/** Where a recorded job stands in the queue, for the sweeper. */
export type QueuePresence = 'present' | 'missing' | 'finished';

/** Redis did not answer within `QUEUE_ENQUEUE_TIMEOUT_MS`. */
export class QueueTimeoutError extends Error {
  override readonly name = 'QueueTimeoutError';
}

/**
 * The one typed producer for Scout's queues: job ids, priorities, retention and backoff are
 * decided here, so feature code never touches BullMQ directly. The BullMQ job id is the scrape
 * job's id: a target has at most one active scrape job (the unique ScrapeJob.activeKey), so it
 * has at most one live BullMQ job, and adding the same job again — the relay and the sweeper
 * both may — is a no-op in BullMQ. Every call that a request or the sweeper waits on is bounded
 * by `QUEUE_ENQUEUE_TIMEOUT_MS`, so a frozen Redis costs them that long and no more.
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

  /** One round trip for a whole batch (or a single job). */
  async enqueueBulk(
    items: Array<{ payload: ScrapeJobPayload; priority: Priority }>,
  ): Promise<void> {
    if (items.length === 0) return;
    await this.bounded(
      traceEnqueue(QueueName.Scrape, JobName.ScrapeProfile, (trace) =>
        this.scrape.addBulk(
          items.map(({ payload, priority }) => ({
            name: JobName.ScrapeProfile,
            data: withTrace(payload, trace),
            opts: this.jobOptions(payload, priority),
          })),
        ),
      ),
    );
  }

  /** Where each scrape job stands in the queue; a finished BullMQ job no longer runs. */
  async presence(scrapeJobIds: readonly string[]): Promise<Map<string, QueuePresence>> {
    const found = await this.bounded(Promise.all(scrapeJobIds.map((id) => this.scrape.getJob(id))));
    return new Map(
      scrapeJobIds.map((id, index) => {
        const job = found[index];
        const state: QueuePresence = !job ? 'missing' : job.finishedOn ? 'finished' : 'present';
        return [id, state];
      }),
    );
  }

  /**
   * Makes the queue run an active job: nothing when it holds the job unfinished; a finished one
   * (a failed job replayed) is retried with its attempts reset, or replaced; a missing one is
   * added. Returns what it did.
   */
  async ensureQueued(
    payload: ScrapeJobPayload,
    priority: Priority,
  ): Promise<'present' | 'requeued' | 'added'> {
    return this.bounded(
      (async () => {
        const job = await this.scrape.getJob(payload.scrapeJobId);
        if (job && !job.finishedOn) return 'present';
        if (job && (await job.isFailed())) {
          await job.retry('failed', { resetAttemptsMade: true });
          return 'requeued';
        }
        if (job) await job.remove();
        await this.enqueueBulk([{ payload, priority }]);
        return 'added';
      })(),
    );
  }

  /** Removes a waiting or delayed job; false when it is running (locked) or gone. */
  removeWaiting(scrapeJobId: string): Promise<boolean> {
    return this.bounded(
      (async () => {
        const job = await this.scrape.getJob(scrapeJobId);
        if (!job) return true;
        if (await job.isActive()) return false;
        try {
          await job.remove();
          return true;
        } catch {
          return false;
        }
      })(),
    );
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
   * Registers the re-scrape scheduler again if Redis lost it (a flush): a repeatable job cannot
   * bring itself back, so the worker's sweep timer calls this. True when it had to.
   */
  async restoreRescrapeScheduler(): Promise<boolean> {
    const existing = await this.bounded(this.maintenance.getJobScheduler(RESCRAPE_SCHEDULER_ID));
    if (existing) return false;
    await this.bounded(this.ensureRescrapeScheduler());
    return true;
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

  /**
   * Rejects with QueueTimeoutError when Redis takes longer than the enqueue timeout. The call
   * itself may still land later; every caller is safe to repeat (same job id).
   */
  private bounded<T>(work: Promise<T>): Promise<T> {
    const timeoutMs = this.config.queue.enqueueTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new QueueTimeoutError(`Redis did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    work.catch(() => undefined);
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }
}

/** The payload with the enqueueing trace's context, when there is one. */
function withTrace(payload: ScrapeJobPayload, trace: TraceCarrier | undefined): ScrapeJobPayload {
  return trace ? { ...payload, trace } : payload;
}
