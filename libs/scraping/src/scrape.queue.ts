import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { type JobsOptions, Queue } from 'bullmq';
import { AppConfig } from '@scout/config';
import { type TraceCarrier, traceEnqueue } from '@scout/observability';
import { QueueConnection, withinEnqueueTimeout } from './queue-connection';
import type { ScrapeJobPayload } from './scrape-job.payload';
import { BULLMQ_PRIORITY, JobName, type Priority, QueueName } from './scraping.constants';

/** Where a recorded job stands in the queue, for the sweeper. */
export type QueuePresence = 'present' | 'missing' | 'finished';

/**
 * The typed producer of the scrape queue: job ids, priorities, retention and backoff are
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

  constructor(
    connection: QueueConnection,
    private readonly config: AppConfig,
  ) {
    this.scrape = new Queue(QueueName.Scrape, {
      connection: connection.client,
      prefix: config.queue.prefix,
    });
    this.scrape.on('error', (error: Error) =>
      this.logger.warn({ queue: this.scrape.name, errName: error.name }, 'queue error'),
    );
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

  /** The BullMQ queue itself, for the admin queue dashboard only. */
  dashboardQueue(): Queue {
    return this.scrape;
  }

  /** Waiting, prioritized, active, delayed and failed counts, for health and metrics. */
  counts(): Promise<Record<string, number>> {
    return this.scrape.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
  }

  async onModuleDestroy(): Promise<void> {
    await this.scrape.close();
  }

  private bounded<T>(work: Promise<T>): Promise<T> {
    return withinEnqueueTimeout(work, this.config.queue.enqueueTimeoutMs);
  }
}

/** The payload with the enqueueing trace's context, when there is one. */
function withTrace(payload: ScrapeJobPayload, trace: TraceCarrier | undefined): ScrapeJobPayload {
  return trace ? { ...payload, trace } : payload;
}
