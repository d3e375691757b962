import { Injectable, Logger } from '@nestjs/common';
import type { CursorPosition } from '@scout/common';
import { DocumentLock, ServerCapabilities } from '@scout/database';
import { ScrapeJobRepository } from './repositories/scrape-job.repository';
import type { ScrapeJobPayload } from './scrape-job.payload';
import type { ScrapeJobView } from './scrape-job.view';
import { ScrapeQueue } from './scrape.queue';

/** How many active jobs the sweeper looks up in the queue per round trip. */
const SWEEP_PAGE = 200;

/**
 * The outbox relay: the MongoDB record is the source of truth, and this hands recorded jobs to
 * the queue — at once after they are recorded, on a best-effort basis bounded by
 * `QUEUE_ENQUEUE_TIMEOUT_MS`, and later from the sweeper for whatever the queue did not take
 * (Redis down, frozen or flushed).
 */
@Injectable()
export class ScrapeJobRelayService {
  private readonly logger = new Logger('ScrapeJobRelay');

  constructor(
    private readonly jobs: ScrapeJobRepository,
    private readonly queue: ScrapeQueue,
    private readonly locks: DocumentLock,
    private readonly capabilities: ServerCapabilities,
  ) {}

  /**
   * The relay for jobs just recorded: one bulk enqueue, then each marked enqueued. When Redis
   * is down or slow the jobs stay recorded and unmarked and the request still succeeds; the
   * sweeper enqueues them.
   */
  async relayNew(jobs: ScrapeJobView[], requestId?: string): Promise<void> {
    if (jobs.length === 0) return;
    try {
      await this.queue.enqueueBulk(
        jobs.map((job) => ({ payload: payloadOf(job, requestId), priority: job.priority })),
      );
    } catch (error) {
      this.relayFailed(jobs.length, error);
      return;
    }
    await this.markEnqueued(jobs.map((job) => job.id));
  }

  /** The relay for a replayed job, whose old queue entry may still be there, finished. */
  async relayExisting(job: ScrapeJobView, requestId?: string): Promise<void> {
    try {
      await this.locks.withLock(`scrape-job:${job.id}`, () =>
        this.queue.ensureQueued(payloadOf(job, requestId), job.priority),
      );
      await this.markEnqueued([job.id]);
    } catch (error) {
      this.relayFailed(1, error);
    }
  }

  /**
   * The relay's second half: walks every active (queued or running) job and enqueues those the
   * queue does not hold, or holds only as finished — never taken (Redis was down), lost (Redis
   * was flushed), or replayed while Redis was down. Each is checked again under the job's lock
   * before it is enqueued, so a job that just finished is left alone; a running job enqueued
   * again waits for its run's lease (see ScrapeRunner), so it never runs twice at once. Throws
   * when Redis does not answer; the next sweep starts over. Runs whatever the flags say: these
   * jobs were accepted already.
   */
  async sweep(): Promise<{ checked: number; enqueued: number }> {
    let checked = 0;
    let enqueued = 0;
    let after: CursorPosition | undefined;
    for (;;) {
      const { items: page, last } = await this.jobs.findActivePage(after, SWEEP_PAGE);
      if (page.length === 0) break;
      after = last;
      checked += page.length;
      const presence = await this.queue.presence(page.map((job) => job.id));
      for (const job of page) {
        if (presence.get(job.id) === 'present') continue;
        if (await this.relayOne(job.id)) enqueued++;
      }
      if (page.length < SWEEP_PAGE) break;
    }
    if (enqueued > 0)
      this.logger.warn({ checked, enqueued }, 'sweeper enqueued jobs missing from the queue');
    return { checked, enqueued };
  }

  /** The sweeper's step for one job: true when it had to enqueue it. */
  private async relayOne(id: string): Promise<boolean> {
    return this.locks.withLock(`scrape-job:${id}`, async () => {
      const job = await this.jobs.findById(id);
      if (!job || (job.status !== 'queued' && job.status !== 'running')) return false;
      const done = await this.queue.ensureQueued(payloadOf(job), job.priority);
      if (done === 'present') return false;
      await this.jobs.markEnqueued([id]);
      return true;
    });
  }

  /**
   * Sets `enqueuedAt` on jobs the queue just took — on MongoDB only, in one update that is atomic
   * per document. On FerretDB an update rewrites the whole document after scanning the
   * collection, so it would need the job's lock (a worker may be moving the job already) and
   * cost a scan per job on every request; there the mark is left to the worker that starts the
   * job and to the sweeper that enqueues it.
   */
  private async markEnqueued(ids: string[]): Promise<void> {
    if ((await this.capabilities.get()).atomicConditionalWrites) await this.jobs.markEnqueued(ids);
  }

  private relayFailed(count: number, error: unknown): void {
    this.logger.warn(
      { jobs: count, errName: (error as Error).name, errMessage: (error as Error).message },
      'queue unavailable: jobs recorded, the sweeper will enqueue them',
    );
  }
}

function payloadOf(job: ScrapeJobView, requestId?: string): ScrapeJobPayload {
  return {
    scrapeJobId: job.id,
    publicId: job.target.publicId,
    url: job.target.url,
    requestId: requestId ?? job.requestId,
  };
}
