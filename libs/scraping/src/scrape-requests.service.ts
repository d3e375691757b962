import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorCode } from '@scout/common';
import { AppConfig } from '@scout/config';
import { Flag, FlagsService } from '@scout/flags';
import {
  parseTarget,
  ProfileScrapeLanding,
  type ScrapeTarget,
  SuppressionCheck,
} from '@scout/profiles';
import { activeTraceIds } from '@scout/observability';
import { ScrapeJobRepository } from './repositories/scrape-job.repository';
import { ScrapeJobRelayService } from './scrape-job-relay.service';
import type { ScrapeJobView } from './scrape-job.view';
import type { Priority } from './scraping.constants';

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

/**
 * Creating jobs: targets validated against the configured site, suppressed people refused, one
 * active job per target, idempotent replays of a request, and the scheduler's re-scrapes. A job
 * is accepted once it is recorded; the relay hands it to the queue.
 */
@Injectable()
export class ScrapeRequestsService {
  private readonly logger = new Logger('ScrapeRequests');

  constructor(
    private readonly jobs: ScrapeJobRepository,
    private readonly relay: ScrapeJobRelayService,
    private readonly profiles: ProfileScrapeLanding,
    private readonly config: AppConfig,
    private readonly flags: FlagsService,
    private readonly suppression: SuppressionCheck,
  ) {}

  /** Validates a target: a publicId or a profile URL on the configured host, nothing else. */
  target(input: string): ScrapeTarget {
    try {
      return parseTarget(input, this.config.scraping.baseUrl);
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.InvalidTarget) {
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
      await this.relay.relayNew([job], request.requestId);
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
    await this.relay.relayNew(fresh, requestId);
    await this.afterRecorded('mark the profiles queued', () =>
      this.profiles.markScrapeQueued(fresh.map((job) => job.target.publicId)),
    );
    return results;
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
}
