import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { CursorCodec, type CursorPosition, DomainError, ErrorCode, type Page } from '@scout/common';
import { AppConfig } from '@scout/config';
import { DocumentLock, isDuplicateKeyError, ServerCapabilities } from '@scout/database';
import { Flag, FlagsService } from '@scout/flags';
import { ProfileScrapeLanding, SuppressionCheck } from '@scout/profiles';
import { activeTraceIds } from '@scout/observability';
import { FailureKind, ScrapeError } from '@scout/resilience';
import { type ReplayFilter, ScrapeJobRepository } from './repositories/scrape-job.repository';
import type { ScrapeJobPayload } from './scrape-job.payload';
import type { ScrapeJobView } from './scrape-job.view';
import { ScrapeQueue } from './scrape.queue';
import { type Priority, REPLAYABLE_STATUSES, type ScrapeJobStatus } from './scraping.constants';
import { parseTarget, type ScrapeTarget } from './source';

/** What a client asks for. */
export interface ScrapeRequest {
  profile: string;
  priority?: Priority;
  idempotencyKey?: string;
  requestId?: string;
  requestedBy?: string;
}

/** Outcome of one target of a batch. */
export type ScrapeBatchItem =
  | { index: number; status: 'queued' | 'existing'; job: ScrapeJobView }
  | { index: number; status: 'suppressed' }
  | {
      index: number;
      status: 'invalid';
      errors: Array<{ field: string; message: string; code: string }>;
    };

/** What a bulk replay did: the jobs queued again, and those left as they were, with why. */
export interface ReplayResult {
  matched: number;
  replayed: string[];
  skipped: Array<{ id: string; reason: string }>;
}

/** How many active jobs the sweeper looks up in the queue per round trip. */
const SWEEP_PAGE = 200;
/** The most jobs one bulk replay takes. */
export const MAX_REPLAY = 1_000;

function notFound(id: string): DomainError {
  return new DomainError(ErrorCode.NotFound, `No scrape job has the id '${id.slice(0, 100)}'.`);
}

/**
 * Rules for scrape requests: targets validated against the configured site, one active job per
 * target, idempotent replays, retry, replay and cancel transitions. The MongoDB record is the
 * source of truth (a transactional outbox): a job is accepted once it is recorded, then handed
 * to the queue at once on a best-effort basis bounded by `QUEUE_ENQUEUE_TIMEOUT_MS`; whatever
 * the queue did not take — Redis down, frozen or flushed — the sweeper enqueues later. While
 * the `scraping.enabled` flag is off, requests and replays are refused before anything is
 * recorded; reads and cancels still work.
 */
@Injectable()
export class ScrapeJobsService {
  private readonly logger = new Logger('ScrapeJobs');
  private readonly cursors: CursorCodec;

  constructor(
    private readonly jobs: ScrapeJobRepository,
    private readonly queue: ScrapeQueue,
    private readonly locks: DocumentLock,
    private readonly profiles: ProfileScrapeLanding,
    private readonly config: AppConfig,
    private readonly flags: FlagsService,
    private readonly capabilities: ServerCapabilities,
    private readonly suppression: SuppressionCheck,
  ) {
    this.cursors = new CursorCodec(config.api.cursorSecrets);
  }

  /** Validates a target: a publicId or a profile URL on the configured host, nothing else. */
  target(input: string): ScrapeTarget {
    try {
      return parseTarget(input, this.config.scraping.baseUrl);
    } catch (error) {
      if (error instanceof ScrapeError && error.kind === FailureKind.InvalidTarget) {
        throw new DomainError(ErrorCode.InvalidTarget, error.message, {
          errors: [{ field: 'profile', message: error.message, code: 'invalidTarget' }],
        });
      }
      throw error;
    }
  }

  /** Queues a scrape, or returns the target's active job; honours an idempotency key. */
  async request(request: ScrapeRequest): Promise<{ job: ScrapeJobView; created: boolean }> {
    this.flags.ensureEnabled(Flag.ScrapingEnabled);
    const target = this.target(request.profile);
    await this.suppression.assertAllowed(target);
    const priority = request.priority ?? 'normal';
    const fingerprint = createHash('sha256')
      .update(`${target.publicId}|${priority}`)
      .digest('base64url');
    if (request.idempotencyKey) {
      const replay = await this.idempotentAnswer(request.idempotencyKey, fingerprint);
      if (replay) return { job: replay, created: false };
    }
    const { job, created } = await this.jobs.createActive({
      publicId: target.publicId,
      url: target.url,
      priority,
      requestId: request.requestId,
      requestedBy: request.requestedBy,
      traceId: activeTraceIds()?.traceId,
    });
    if (created) {
      await this.relayNew([job], request.requestId);
      await this.afterRecorded('mark the profile queued', () =>
        this.profiles.markScrapeQueued([target.publicId]),
      );
    }
    if (request.idempotencyKey) {
      const key = request.idempotencyKey;
      const claimed = await this.afterRecorded('store the idempotency key', () =>
        this.jobs.claimIdempotencyKey(key, fingerprint, job.id),
      );
      if (claimed === false) {
        const winner = await this.idempotentAnswer(request.idempotencyKey, fingerprint);
        if (winner) return { job: winner, created: false };
      }
    }
    return { job, created };
  }

  /** Records many targets and hands them to the queue in one bulk enqueue; one result each. */
  async requestBatch(
    profiles: string[],
    priority: Priority = 'normal',
    origin: { requestId?: string; requestedBy?: string } = {},
  ): Promise<ScrapeBatchItem[]> {
    const { requestId, requestedBy } = origin;
    const traceId = activeTraceIds()?.traceId;
    this.flags.ensureEnabled(Flag.ScrapingEnabled);
    const results: ScrapeBatchItem[] = [];
    const fresh: ScrapeJobView[] = [];
    for (const [index, profile] of profiles.entries()) {
      let target: ScrapeTarget;
      try {
        target = this.target(profile);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        results.push({ index, status: 'invalid', errors: error.errors ?? [] });
        continue;
      }
      if ((await this.suppression.suppressed([target]))[0]) {
        results.push({ index, status: 'suppressed' });
        continue;
      }
      const { job, created } = await this.jobs.createActive({
        publicId: target.publicId,
        url: target.url,
        priority,
        requestId,
        requestedBy,
        traceId,
      });
      if (created) fresh.push(job);
      results.push({ index, status: created ? 'queued' : 'existing', job });
    }
    await this.relayNew(fresh, requestId);
    await this.afterRecorded('mark the profiles queued', () =>
      this.profiles.markScrapeQueued(fresh.map((job) => job.target.publicId)),
    );
    return results;
  }

  /**
   * A step after a job is recorded. The request is accepted by then — the job will run — so a
   * failure here (MongoDB down, or its disk full) is logged, not answered as a failure that would
   * tell the client nothing was changed. The profile's `queued` mark is only a view of the job;
   * without the stored key, a retry with it while the job is active still gets the same job.
   */
  private async afterRecorded<T>(step: string, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      this.logger.warn(
        { step, errName: (error as Error).name },
        'scrape job recorded, but a follow-up step failed',
      );
      return undefined;
    }
  }

  async get(id: string): Promise<ScrapeJobView> {
    const job = await this.jobs.findById(id);
    if (!job) throw notFound(id);
    return job;
  }

  async list(
    status: ScrapeJobStatus | undefined,
    limit: number,
    cursor?: string,
  ): Promise<Page<ScrapeJobView>> {
    const scope = `scrape-jobs|${status ?? '*'}`;
    const after = cursor ? this.cursors.decode(scope, cursor) : undefined;
    const page = await this.jobs.listPage(status, limit, after);
    return {
      data: page.items,
      page: {
        limit,
        nextCursor: page.hasMore && page.last ? this.cursors.encode(scope, page.last) : null,
      },
    };
  }

  /**
   * A failed or dead job goes back to the queue (409 for any other state, or when its target
   * has another active job by now). Answers once the record says queued; the queue takes it
   * now or from the sweeper.
   */
  async retry(id: string, requestId?: string): Promise<ScrapeJobView> {
    this.flags.ensureEnabled(Flag.ScrapingEnabled);
    const current = await this.get(id);
    const outcome = await this.requeueRecord(current.id, 'retry requested');
    if (typeof outcome === 'string') throw new DomainError(ErrorCode.Conflict, outcome);
    await this.relayExisting(outcome, requestId);
    return outcome;
  }

  /**
   * Replays dead letters (or failed jobs) in bulk: every job matching the filter, oldest first,
   * up to `limit`, goes back to the queue as a retry would; jobs whose target has another active
   * job are skipped and reported.
   */
  async replay(filter: ReplayFilter, limit: number, requestId?: string): Promise<ReplayResult> {
    this.flags.ensureEnabled(Flag.ScrapingEnabled);
    const candidates = await this.jobs.findReplayable(filter, Math.min(limit, MAX_REPLAY));
    const result: ReplayResult = { matched: candidates.length, replayed: [], skipped: [] };
    for (const candidate of candidates) {
      const outcome = await this.requeueRecord(candidate.id, 'replayed');
      if (typeof outcome === 'string') {
        result.skipped.push({ id: candidate.id, reason: outcome });
        continue;
      }
      await this.relayExisting(outcome, requestId);
      result.replayed.push(candidate.id);
    }
    if (result.matched > 0) {
      this.logger.log(
        { ...filter, replayed: result.replayed.length, skipped: result.skipped.length },
        'replayed scrape jobs',
      );
    }
    return result;
  }

  /**
   * A queued job is cancelled; a running one is 409 JOB_RUNNING; a finished one is 409. Works
   * with Redis down too: the record is cancelled, and a worker that receives the job skips it.
   */
  async cancel(id: string): Promise<ScrapeJobView> {
    const current = await this.get(id);
    return this.locks.withLock(`scrape-job:${current.id}`, async () => {
      const job = await this.get(id);
      if (job.status === 'running') throw running();
      if (job.status !== 'queued') {
        throw new DomainError(ErrorCode.Conflict, `A ${job.status} job cannot be cancelled.`);
      }
      // Queue unreachable: the record decides alone; a worker that gets the job later skips it.
      const removed = await this.queue.removeWaiting(job.id).catch(() => true);
      if (!removed) throw running();
      const cancelled = await this.jobs.transition(job.id, ['queued'], 'cancelled', {
        note: 'cancelled by request',
      });
      if (!cancelled) throw running();
      await this.profiles.clearScrapeQueued(job.target.publicId);
      return cancelled;
    });
  }

  /**
   * Maintenance: queues re-scrapes of profiles not scraped for `SCRAPE_STALE_AFTER_MS`, in one
   * bounded batch, while both `scraping.scheduler` and `scraping.enabled` are on. Returns how
   * many it queued.
   */
  async runMaintenance(): Promise<{ stale: number }> {
    const rescrape =
      this.flags.isEnabled(Flag.ScrapingScheduler) && this.flags.isEnabled(Flag.ScrapingEnabled);
    const stale = rescrape
      ? await this.profiles.staleProfiles(
          this.config.scraping.staleAfterMs,
          this.config.scraping.schedulerBatchSize,
        )
      : [];
    const batch =
      stale.length > 0 ? await this.requestBatch(stale, 'low', { requestedBy: 'scheduler' }) : [];
    const queued = batch.filter((item) => item.status === 'queued').length;
    if (queued > 0) this.logger.log({ queued }, 'maintenance queued re-scrapes');
    return { stale: queued };
  }

  /**
   * The outbox relay's second half: walks every active (queued or running) job and enqueues
   * those the queue does not hold, or holds only as finished — never taken (Redis was down),
   * lost (Redis was flushed), or replayed while Redis was down. Each is checked again under the
   * job's lock before it is enqueued, so a job that just finished is left alone; a running job
   * enqueued again waits for its run's lease (see ScrapeRunner), so it never runs twice at once.
   * Throws when Redis does not answer; the next sweep starts over. Runs whatever the flags say:
   * these jobs were accepted already.
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

  private async idempotentAnswer(key: string, fingerprint: string): Promise<ScrapeJobView | null> {
    const record = await this.jobs.findByIdempotencyKey(key);
    if (!record) return null;
    if (record.fingerprint !== fingerprint) {
      throw new DomainError(
        ErrorCode.IdempotencyKeyReused,
        'This Idempotency-Key was used for a different request.',
      );
    }
    return this.jobs.findById(record.scrapeJobId);
  }

  /**
   * Moves a failed or dead job back to queued, under the job's lock. Returns the job, or why it
   * cannot be replayed. The target's active job is looked up first, as not every
   * MongoDB-compatible server reports a unique-index clash on updates as a duplicate key; the
   * index still settles a race.
   */
  private async requeueRecord(id: string, note: string): Promise<ScrapeJobView | string> {
    return this.locks.withLock(`scrape-job:${id}`, async () => {
      const current = await this.jobs.findById(id);
      if (!current) throw notFound(id);
      if (!(REPLAYABLE_STATUSES as readonly string[]).includes(current.status)) {
        return `Only failed or dead jobs can be retried; this one is ${current.status}.`;
      }
      const active = await this.jobs.findActive(current.target.publicId);
      if (active) return 'This target already has an active scrape job.';
      try {
        const queued = await this.jobs.transition(id, [...REPLAYABLE_STATUSES], 'queued', {
          note,
          attempts: 0,
          deferredSince: null,
          enqueued: false,
        });
        return queued ?? `This job is no longer failed or dead.`;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        return 'This target already has an active scrape job.';
      }
    });
  }

  /**
   * The relay for jobs just recorded: one bulk enqueue, then each marked enqueued. When Redis
   * is down or slow the jobs stay recorded and unmarked and the request still succeeds; the
   * sweeper enqueues them.
   */
  private async relayNew(jobs: ScrapeJobView[], requestId?: string): Promise<void> {
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
  private async relayExisting(job: ScrapeJobView, requestId?: string): Promise<void> {
    try {
      await this.locks.withLock(`scrape-job:${job.id}`, () =>
        this.queue.ensureQueued(payloadOf(job, requestId), job.priority),
      );
      await this.markEnqueued([job.id]);
    } catch (error) {
      this.relayFailed(1, error);
    }
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

function running(): DomainError {
  return new DomainError(ErrorCode.JobRunning, 'The job is running and cannot be cancelled.');
}
