import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { CursorCodec, DomainError, ErrorCode, type Page } from '@scout/common';
import { AppConfig } from '@scout/config';
import { DocumentLock, isDuplicateKeyError } from '@scout/database';
import { Flag, FlagsService } from '@scout/flags';
import { ProfilesService } from '@scout/profiles';
import { activeTraceIds } from '@scout/observability';
import { FailureKind, ScrapeError } from '@scout/resilience';
import { ScrapeJobRepository } from './repositories/scrape-job.repository';
import type { ScrapeJobPayload } from './scrape-job.payload';
import type { ScrapeJobView } from './scrape-job.view';
import { ScrapeQueue } from './scrape.queue';
import type { Priority, ScrapeJobStatus } from './scraping.constants';
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
  | {
      index: number;
      status: 'invalid';
      errors: Array<{ field: string; message: string; code: string }>;
    };

const ORPHAN_AGE_MS = 60_000;

function notFound(id: string): DomainError {
  return new DomainError(ErrorCode.NotFound, `No scrape job has the id '${id.slice(0, 100)}'.`);
}

/**
 * Rules for scrape requests: targets validated against the configured site, one active job per
 * target, idempotent replays, retry and cancel transitions. Each job is recorded in MongoDB
 * before it is queued, and removed again if queueing fails, so an accepted job is never lost
 * and a refused one leaves nothing behind. While the `scraping.enabled` flag is off, requests
 * and retries are refused before anything is recorded; reads and cancels still work.
 */
@Injectable()
export class ScrapeJobsService {
  private readonly logger = new Logger('ScrapeJobs');
  private readonly cursors: CursorCodec;

  constructor(
    private readonly jobs: ScrapeJobRepository,
    private readonly queue: ScrapeQueue,
    private readonly locks: DocumentLock,
    private readonly profiles: ProfilesService,
    private readonly config: AppConfig,
    private readonly flags: FlagsService,
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
    const priority = request.priority ?? 'normal';
    const fingerprint = createHash('sha256')
      .update(`${target.publicId}|${priority}`)
      .digest('base64url');
    if (request.idempotencyKey) {
      const replay = await this.replay(request.idempotencyKey, fingerprint);
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
      await this.enqueueOrWithdraw(job, request.requestId);
      await this.profiles.markScrapeQueued([target.publicId]);
    }
    if (request.idempotencyKey) {
      const claimed = await this.jobs.claimIdempotencyKey(
        request.idempotencyKey,
        fingerprint,
        job.id,
      );
      if (!claimed) {
        const winner = await this.replay(request.idempotencyKey, fingerprint);
        if (winner) return { job: winner, created: false };
      }
    }
    return { job, created };
  }

  /** Queues many targets with one bulk enqueue; each target gets its own result. */
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
    try {
      await this.queue.enqueueBulk(
        fresh.map((job) => ({ payload: payloadOf(job, requestId), priority })),
      );
    } catch (error) {
      await Promise.all(fresh.map((job) => this.withdraw(job.id)));
      throw unavailable(error);
    }
    await this.profiles.markScrapeQueued(fresh.map((job) => job.target.publicId));
    return results;
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

  /** A failed job goes back to the queue (409 for any other state). */
  async retry(id: string, requestId?: string): Promise<ScrapeJobView> {
    this.flags.ensureEnabled(Flag.ScrapingEnabled);
    const current = await this.get(id);
    return this.locks.withLock(`scrape-job:${current.id}`, async () => {
      let queued: ScrapeJobView | null;
      try {
        queued = await this.jobs.transition(current.id, ['failed'], 'queued', {
          note: 'retry requested',
          attempts: 0,
        });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        throw new DomainError(ErrorCode.Conflict, 'This target already has an active scrape job.');
      }
      if (!queued) {
        throw new DomainError(
          ErrorCode.Conflict,
          `Only failed jobs can be retried; this one is ${(await this.get(id)).status}.`,
        );
      }
      try {
        await this.queue.requeue(payloadOf(queued, requestId), queued.priority);
      } catch (error) {
        await this.jobs.transition(queued.id, ['queued'], 'failed', { note: 'queue unavailable' });
        throw unavailable(error);
      }
      return queued;
    });
  }

  /** A queued job is cancelled; a running one is 409 JOB_RUNNING; a finished one is 409. */
  async cancel(id: string): Promise<ScrapeJobView> {
    const current = await this.get(id);
    return this.locks.withLock(`scrape-job:${current.id}`, async () => {
      const job = await this.get(id);
      if (job.status === 'running') throw running();
      if (job.status !== 'queued') {
        throw new DomainError(ErrorCode.Conflict, `A ${job.status} job cannot be cancelled.`);
      }
      if (!(await this.queue.removeWaiting(job.id))) throw running();
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
   * bounded batch, and re-queues recorded jobs whose queue entry was lost (a crash between
   * recording and queueing). Returns how many of each. Re-scrapes are queued only while both
   * `scraping.scheduler` and `scraping.enabled` are on; the recovery always runs, since those
   * jobs were accepted already.
   */
  async runMaintenance(): Promise<{ stale: number; recovered: number }> {
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
    let recovered = 0;
    for (const job of await this.jobs.findQueuedBefore(new Date(Date.now() - ORPHAN_AGE_MS), 500)) {
      if (await this.queue.exists(job.id)) continue;
      await this.queue.enqueue(payloadOf(job), job.priority);
      recovered++;
    }
    const queued = batch.filter((item) => item.status === 'queued').length;
    if (queued > 0 || recovered > 0)
      this.logger.log({ queued, recovered }, 'maintenance enqueued jobs');
    return { stale: queued, recovered };
  }

  private async replay(key: string, fingerprint: string): Promise<ScrapeJobView | null> {
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

  private async enqueueOrWithdraw(job: ScrapeJobView, requestId?: string): Promise<void> {
    try {
      await this.queue.enqueue(payloadOf(job, requestId), job.priority);
    } catch (error) {
      await this.withdraw(job.id);
      throw unavailable(error);
    }
  }

  private async withdraw(id: string): Promise<void> {
    await this.jobs.transition(id, ['queued'], 'failed', {
      note: 'not queued: queue unavailable',
      error: {
        code: ErrorCode.DependencyUnavailable,
        message: 'the queue was unavailable',
        retryable: true,
      },
    });
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

function unavailable(cause: unknown): DomainError {
  return new DomainError(ErrorCode.DependencyUnavailable, 'The job queue is unavailable.', {
    retryAfterSeconds: 5,
    cause,
  });
}
