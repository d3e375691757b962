import { Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorCode } from '@scout/common';
import { AppConfig } from '@scout/config';
import { DocumentLock, isDuplicateKeyError } from '@scout/database';
import { ProfilesService, type ScrapeResultInput } from '@scout/profiles';
import {
  FailureKind,
  failureKindOf,
  HostUnavailableError,
  isRetryable,
  OutboundPolicy,
} from '@scout/resilience';
import { ScrapeJobRepository } from './repositories/scrape-job.repository';
import type { ScrapeJobPayload } from './scrape-job.payload';
import type { ScrapeJobStatus } from './scraping.constants';
import { ProfileSource, RobotsPolicy, type ScrapedCompany, type ScrapedProfile } from './source';

/** What became of one run of a job; the worker's processor turns it into BullMQ terms. */
export type RunOutcome =
  | { kind: 'succeeded'; profileId: string; changed: boolean }
  | { kind: 'skipped'; reason: string }
  | { kind: 'deferred'; delayMs: number; reason: string }
  | { kind: 'failed'; final: boolean; code: string; message: string };

/** Which attempt this is, as the queue counts them. */
export interface AttemptInfo {
  number: number;
  isLast: boolean;
}

function toScrapeInput(scraped: ScrapedProfile, jobId: string): ScrapeResultInput {
  const companies = new Map<string, ScrapedCompany>();
  const remember = (company?: ScrapedCompany) => {
    if (company) companies.set(company.publicId, company);
    return company?.publicId;
  };
  return {
    profile: {
      publicId: scraped.publicId,
      url: scraped.url,
      fullName: scraped.fullName,
      headline: scraped.headline,
      summary: scraped.summary,
      location: scraped.location,
      currentCompany: remember(scraped.currentCompany),
      experiences: scraped.experiences.map(({ company, ...rest }) => ({
        ...rest,
        company: remember(company),
        companyName: rest.companyName ?? company?.name,
      })),
      education: scraped.education,
      skills: scraped.skills,
      source: 'scrape',
    },
    companies: [...companies.values()],
    pageHash: scraped.contentHash,
    jobId,
  };
}

/**
 * Runs one scrape job: records each transition, checks the target against robots.txt, fetches
 * through the resilience policies, lands the result idempotently, and classifies what went
 * wrong. Safe to run twice for the same job (a worker killed mid-job): the landing step is an
 * idempotent upsert.
 */
@Injectable()
export class ScrapeRunner {
  private readonly logger = new Logger('ScrapeRunner');
  private readonly host: string;

  constructor(
    private readonly jobs: ScrapeJobRepository,
    private readonly source: ProfileSource,
    private readonly outbound: OutboundPolicy,
    private readonly robots: RobotsPolicy,
    private readonly profiles: ProfilesService,
    private readonly locks: DocumentLock,
    config: AppConfig,
  ) {
    this.host = new URL(config.scraping.baseUrl).host;
  }

  async run(payload: ScrapeJobPayload, attempt: AttemptInfo): Promise<RunOutcome> {
    const context = { requestId: payload.requestId, jobId: payload.scrapeJobId };
    const start = () =>
      this.move(payload.scrapeJobId, ['queued', 'running'], 'running', {
        attempts: attempt.number,
        note: `attempt ${attempt.number}`,
      });
    const started = (await start()) ?? ((await this.reopen(payload)) && (await start()));
    if (!started) return { kind: 'skipped', reason: 'job is no longer queued' };
    const target = { publicId: payload.publicId, url: payload.url };
    try {
      await this.robots.assertAllowed(target, context);
      const scraped = await this.outbound.execute(
        this.host,
        (signal) => this.source.fetch(target, signal),
        context,
      );
      const result = await this.profiles.applyScrape(toScrapeInput(scraped, payload.scrapeJobId));
      await this.move(payload.scrapeJobId, ['running'], 'succeeded', { result, error: null });
      this.logger.log({ ...context, changed: result.changed }, 'scrape succeeded');
      return { kind: 'succeeded', ...result };
    } catch (error) {
      return this.failure(payload, attempt, error, context);
    }
  }

  /**
   * A failed job's queue entry runs again only when someone retried it in the queue itself (the
   * admin queue dashboard); its record goes back to queued so Scout's own view follows the retry.
   * False when the record is in any other state, or its target has another active job by now
   * (checked first, as not every MongoDB-compatible server reports the unique-index clash as a
   * duplicate key on updates; the index still settles a race).
   */
  private async reopen(payload: ScrapeJobPayload): Promise<boolean> {
    const active = await this.jobs.findActive(payload.publicId);
    if (active && active.id !== payload.scrapeJobId) return false;
    try {
      const reopened = await this.move(payload.scrapeJobId, ['failed'], 'queued', {
        note: 'retried from the queue',
      });
      return reopened !== null;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  private async failure(
    payload: ScrapeJobPayload,
    attempt: AttemptInfo,
    error: unknown,
    context: { requestId?: string; jobId: string },
  ): Promise<RunOutcome> {
    if (error instanceof HostUnavailableError) {
      await this.move(payload.scrapeJobId, ['running'], 'queued', {
        note: `deferred ${error.retryAfterMs} ms: ${error.reason}`,
      });
      return { kind: 'deferred', delayMs: error.retryAfterMs, reason: error.reason };
    }
    const kind = classify(error);
    const retryable =
      kind === String(ErrorCode.DependencyUnavailable) || isRetryable(kind as FailureKind);
    const message = error instanceof Error ? error.message.slice(0, 300) : 'unknown error';
    const final = !retryable || attempt.isLast;
    await this.move(payload.scrapeJobId, ['running'], final ? 'failed' : 'queued', {
      error: { code: kind, message, retryable },
      note: final ? undefined : 'will retry',
    });
    if (final) await this.profiles.recordScrapeFailure(payload.publicId, payload.scrapeJobId);
    this.logger.warn({ ...context, code: kind, final, attempt: attempt.number }, 'scrape failed');
    return { kind: 'failed', final, code: kind, message };
  }

  private move(
    id: string,
    from: ScrapeJobStatus[],
    to: ScrapeJobStatus,
    changes: Parameters<ScrapeJobRepository['transition']>[3],
  ) {
    return this.locks.withLock(`scrape-job:${id}`, () =>
      this.jobs.transition(id, from, to, changes),
    );
  }
}

/** The stored error code: a failure kind, or a dependency outage from our own side. */
function classify(error: unknown): string {
  if (error instanceof DomainError) {
    return error.code === ErrorCode.DependencyUnavailable ? error.code : FailureKind.ParseError;
  }
  return failureKindOf(error);
}
