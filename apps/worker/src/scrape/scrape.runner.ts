import { Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorCode } from '@scout/common';
import { AppConfig } from '@scout/config';
import { DocumentLock, isDuplicateKeyError } from '@scout/database';
import { EventLog } from '@scout/events';
import { ProfileScrapeLanding, type ScrapeResultInput, SuppressionCheck } from '@scout/profiles';
import { HostUnavailableError, OutboundPolicy } from '@scout/resilience';
import {
  FailureKind,
  failureKindOf,
  isRetryable,
  ProfileSource,
  RobotsPolicy,
  type ScrapedCompany,
  type ScrapedProfile,
} from '@scout/scraper';
import {
  HOST_UNAVAILABLE,
  isEventedStatus,
  jobTransitionEvent,
  type ScrapeJobPayload,
  ScrapeJobRepository,
  type ScrapeJobStatus,
  type ScrapeJobView,
  type TransitionChanges,
  UNEXPECTED_FAILURE,
} from '@scout/scraping';
import type { AttemptInfo, RunOutcome } from './scrape-run.types';

/**
 * The scraper's page as the profiles lib lands it: the fields of the same shape pass through,
 * and the page's companies become references plus the list of companies to introduce.
 */
function toScrapeInput(scraped: ScrapedProfile, jobId: string): ScrapeResultInput {
  const companies = new Map<string, ScrapedCompany>();
  const remember = (company?: ScrapedCompany) => {
    if (company) companies.set(company.publicId, company);
    return company?.publicId;
  };
  const { contentHash, currentCompany, experiences, ...sameShape } = scraped;
  return {
    profile: {
      ...sameShape,
      currentCompany: remember(currentCompany),
      experiences: experiences.map(({ company, ...rest }) => ({
        ...rest,
        company: remember(company),
        companyName: rest.companyName ?? company?.name,
      })),
      source: 'scrape',
    },
    companies: [...companies.values()],
    pageHash: contentHash,
    jobId,
  };
}

/** A run whose job another run took over (after its lease lapsed): that run records the outcome. */
const TAKEN_OVER: RunOutcome = { kind: 'skipped', reason: 'another run took the job over' };

/** Slack added to a held lease before the queue offers the job again. */
const LEASE_SLACK_MS = 100;

/**
 * Runs one scrape job: records each transition, checks the target against robots.txt, fetches
 * through the resilience policies, lands the result idempotently, and classifies what went
 * wrong. Safe to run twice for the same job (a worker killed mid-job): the landing step is an
 * idempotent upsert. A run holds a lease on the record (`QUEUE_LOCK_DURATION_MS`, renewed while
 * it runs), so a second queue entry for the same job — the sweeper's, after Redis lost the
 * first — waits instead of running alongside; a run whose lease lapsed anyway (its renewals did
 * not reach MongoDB) and was taken over records no outcome, so the job gets exactly one. A job
 * deferred (host unavailable) for longer than `SCRAPE_MAX_DEFERRAL_MS` in total, or out of
 * attempts on a retryable failure, becomes `dead`. A run costs the job record two writes, its
 * claim and its end, with no read between.
 */
@Injectable()
export class ScrapeRunner {
  private readonly logger = new Logger('ScrapeRunner');
  private readonly host: string;
  private readonly leaseMs: number;
  private readonly maxDeferralMs: number;

  constructor(
    private readonly jobs: ScrapeJobRepository,
    private readonly source: ProfileSource,
    private readonly outbound: OutboundPolicy,
    private readonly robots: RobotsPolicy,
    private readonly profiles: ProfileScrapeLanding,
    private readonly locks: DocumentLock,
    private readonly events: EventLog,
    private readonly suppression: SuppressionCheck,
    config: AppConfig,
  ) {
    this.host = new URL(config.scraping.baseUrl).host;
    this.leaseMs = config.queue.lockDurationMs;
    this.maxDeferralMs = config.scraping.maxDeferralMs;
  }

  async run(payload: ScrapeJobPayload, attempt: AttemptInfo): Promise<RunOutcome> {
    const context = { requestId: payload.requestId, jobId: payload.scrapeJobId };
    const claim = () =>
      this.locks.withLock(`scrape-job:${payload.scrapeJobId}`, () =>
        this.jobs.claimRun(payload.scrapeJobId, {
          attempts: attempt.number,
          note: `attempt ${attempt.number}`,
          leaseMs: this.leaseMs,
        }),
      );
    const claimed = (await claim()) ?? ((await this.reopen(payload)) ? await claim() : null);
    if (!claimed) return { kind: 'skipped', reason: 'job is no longer queued' };
    if ('heldUntil' in claimed) {
      return {
        kind: 'deferred',
        delayMs: Math.max(0, claimed.heldUntil.getTime() - Date.now()) + LEASE_SLACK_MS,
        reason: 'running under another lease',
      };
    }
    const lease = this.holdLease(payload.scrapeJobId);
    try {
      return await this.attempt(claimed.job, payload, attempt, context);
    } catch (error) {
      if (attempt.isLast) await this.abandon(claimed.job, payload, error, context);
      throw error;
    } finally {
      clearInterval(lease);
    }
  }

  /**
   * One claimed run (`run`: the job as the claim returned it): fetch, land, record the outcome.
   * Throws only when recording fails.
   */
  private async attempt(
    run: ScrapeJobView,
    payload: ScrapeJobPayload,
    attempt: AttemptInfo,
    context: { requestId?: string; jobId: string },
  ): Promise<RunOutcome> {
    const target = { publicId: payload.publicId, url: payload.url };
    try {
      await this.suppression.assertAllowed(target);
      await this.robots.assertAllowed(target, context);
      const scraped = await this.outbound.execute(
        this.host,
        (signal) => this.source.fetch(target, signal),
        context,
      );
      const result = await this.profiles.applyScrape(toScrapeInput(scraped, payload.scrapeJobId));
      const done = await this.move(run, 'succeeded', { result, error: null, deferredSince: null });
      if (!done) return TAKEN_OVER;
      this.logger.log({ ...context, changed: result.changed }, 'scrape succeeded');
      return { kind: 'succeeded', ...result };
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.Suppressed) {
        return this.dropSuppressed(run, context);
      }
      return await this.failure(run, payload, attempt, error, context);
    }
  }

  /**
   * The last attempt threw instead of ending in an outcome (recording it failed, e.g. a MongoDB
   * write timed out), so the queue will not run the job again: the record becomes `dead` with
   * the error rather than staying `running`. Best effort: when this write fails too, the record
   * stays `running` and the sweeper hands the job back to the queue once its lease lapses.
   */
  private async abandon(
    run: ScrapeJobView,
    payload: ScrapeJobPayload,
    error: unknown,
    context: { requestId?: string; jobId: string },
  ): Promise<void> {
    const message = error instanceof Error ? error.message.slice(0, 300) : 'unknown error';
    try {
      const dead = await this.move(run, 'dead', {
        error: { code: UNEXPECTED_FAILURE, message, retryable: true },
        deadReason: 'attempts-exhausted',
        deferredSince: null,
        note: `dead: ${UNEXPECTED_FAILURE} on the last attempt`,
      });
      if (dead) await this.profiles.recordScrapeFailure(payload.publicId, payload.scrapeJobId);
    } catch (recordError) {
      this.logger.warn(
        { ...context, errName: (recordError as Error).name },
        'could not record the failed last attempt; the sweeper will retry the job',
      );
    }
  }

  /**
   * The person is suppressed (erased, never to be collected again), found before the fetch or
   * when the page was about to land: the job is cancelled and nothing is stored.
   */
  private async dropSuppressed(
    run: ScrapeJobView,
    context: { requestId?: string; jobId: string },
  ): Promise<RunOutcome> {
    await this.move(run, 'cancelled', {
      note: 'cancelled: the person is suppressed',
      deferredSince: null,
    });
    this.logger.log(context, 'scrape dropped: suppressed person');
    return { kind: 'skipped', reason: 'suppressed' };
  }

  /** Renews the run's lease while it runs, under the job's lock like every other write. */
  private holdLease(id: string): NodeJS.Timeout {
    const timer = setInterval(
      () => {
        this.locks
          .withLock(`scrape-job:${id}`, () => this.jobs.extendLease(id, this.leaseMs))
          .catch((error: Error) =>
            this.logger.warn({ jobId: id, errName: error.name }, 'could not renew the lease'),
          );
      },
      Math.max(50, Math.floor(this.leaseMs / 3)),
    );
    timer.unref();
    return timer;
  }

  /**
   * A failed or dead job's queue entry runs again only when someone retried it in the queue
   * itself (the admin queue dashboard); its record goes back to queued so Scout's own view
   * follows the retry.
   * False when the record is in any other state, or its target has another active job by now
   * (checked first, as not every MongoDB-compatible server reports the unique-index clash as a
   * duplicate key on updates; the index still settles a race).
   */
  private async reopen(payload: ScrapeJobPayload): Promise<boolean> {
    const active = await this.jobs.findActive(payload.publicId);
    if (active && active.id !== payload.scrapeJobId) return false;
    try {
      const reopened = await this.locks.withLock(`scrape-job:${payload.scrapeJobId}`, () =>
        this.jobs.transition(payload.scrapeJobId, ['failed', 'dead'], 'queued', {
          note: 'retried from the queue',
          deferredSince: null,
        }),
      );
      return reopened !== null;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  private async failure(
    run: ScrapeJobView,
    payload: ScrapeJobPayload,
    attempt: AttemptInfo,
    error: unknown,
    context: { requestId?: string; jobId: string },
  ): Promise<RunOutcome> {
    if (error instanceof HostUnavailableError) {
      return this.deferOrGiveUp(run, payload, error, context);
    }
    const kind = classify(error);
    const retryable = PASSING_REFUSALS.has(kind) || isRetryable(kind as FailureKind);
    const message = error instanceof Error ? error.message.slice(0, 300) : 'unknown error';
    const final = !retryable || attempt.isLast;
    const to: ScrapeJobStatus = !final ? 'queued' : retryable ? 'dead' : 'failed';
    const moved = await this.move(run, to, {
      error: { code: kind, message, retryable },
      deferredSince: null,
      ...(to === 'dead'
        ? {
            deadReason: 'attempts-exhausted',
            note: `dead: ${kind} after ${attempt.number} attempts`,
          }
        : {}),
      ...(to === 'queued' ? { note: 'will retry' } : {}),
    });
    if (!moved) return TAKEN_OVER;
    if (final) await this.profiles.recordScrapeFailure(payload.publicId, payload.scrapeJobId);
    this.logger.warn(
      { ...context, code: kind, final, dead: to === 'dead', attempt: attempt.number },
      'scrape failed',
    );
    return { kind: 'failed', final, code: kind, message };
  }

  /**
   * The host cannot be called now: the job waits without spending an attempt — unless waiting
   * would take it past `SCRAPE_MAX_DEFERRAL_MS` since its first deferral, then it is dead
   * (`HOST_UNAVAILABLE`) at once rather than waiting for a wait it will not be granted.
   */
  private async deferOrGiveUp(
    run: ScrapeJobView,
    payload: ScrapeJobPayload,
    error: HostUnavailableError,
    context: { requestId?: string; jobId: string },
  ): Promise<RunOutcome> {
    const now = Date.now();
    const since = run.deferredSince ? Date.parse(run.deferredSince) : now;
    const total = now - since + error.retryAfterMs;
    if (total <= this.maxDeferralMs) {
      const deferred = await this.move(run, 'queued', {
        note: `deferred ${error.retryAfterMs} ms: ${error.reason}`,
        deferredSince: new Date(since),
      });
      if (!deferred) return TAKEN_OVER;
      return { kind: 'deferred', delayMs: error.retryAfterMs, reason: error.reason };
    }
    const message = `${error.message}; deferred ${now - since} ms so far, at most ${this.maxDeferralMs} ms`;
    const dead = await this.move(run, 'dead', {
      error: { code: HOST_UNAVAILABLE, message, retryable: true },
      deadReason: 'deferral-limit',
      deferredSince: null,
      note: `dead: host unavailable (${error.reason}) past SCRAPE_MAX_DEFERRAL_MS`,
    });
    if (!dead) return TAKEN_OVER;
    await this.profiles.recordScrapeFailure(payload.publicId, payload.scrapeJobId);
    this.logger.warn({ ...context, code: HOST_UNAVAILABLE, reason: error.reason }, 'scrape dead');
    return { kind: 'failed', final: true, code: HOST_UNAVAILABLE, message };
  }

  /**
   * Ends the run `run` with a move to `to`, under the job's lock, in one write that needs no
   * read: the claim returned everything the move and its change event depend on. Reaching
   * succeeded, failed or dead records the job's change event with it. Null when another run took
   * the job over since (its lease lapsed): that run records the outcome.
   */
  private move(
    run: ScrapeJobView,
    to: ScrapeJobStatus,
    changes: TransitionChanges,
  ): Promise<ScrapeJobView | null> {
    return this.locks.withLock(`scrape-job:${run.id}`, async () => {
      if (!isEventedStatus(to)) return this.jobs.finishRun(run, to, changes);
      const at = new Date();
      const event = jobTransitionEvent(run, to, at, {
        result: changes.result,
        error: changes.error ?? undefined,
        deadReason: changes.deadReason,
      });
      return this.events.record({
        events: [event],
        write: (session, staged) => {
          if (!staged[0]) {
            throw new DomainError(ErrorCode.Conflict, 'The job has an unresolved transition.');
          }
          return this.jobs.finishRun(run, to, { ...changes, at }, session);
        },
        settle: (job) => [job ? event : null],
      });
    });
  }
}

/**
 * Refusals from our own side that pass: a dependency outage, a company of the page deleted while
 * the page landed (the next attempt creates it again or finds the delete refused), a profile
 * another writer held. The job waits for its next attempt instead of failing for good.
 */
const PASSING_REFUSALS: ReadonlySet<string> = new Set([
  ErrorCode.DependencyUnavailable,
  ErrorCode.UnknownCompany,
  ErrorCode.Conflict,
]);

/** The stored error code: a failure kind, or one of our own passing refusals. */
function classify(error: unknown): string {
  if (error instanceof DomainError) {
    return PASSING_REFUSALS.has(error.code) ? error.code : FailureKind.ParseError;
  }
  return failureKindOf(error);
}
