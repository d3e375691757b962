import type { AppConfig } from '@scout/config';
import type { DocumentLock } from '@scout/database';
import type { EventLog } from '@scout/events';
import type { ProfileScrapeLanding, SuppressionCheck } from '@scout/profiles';
import type { OutboundPolicy } from '@scout/resilience';
import { FailureKind, type RobotsPolicy, ScrapeError } from '@scout/scraper';
import {
  type ScrapeJobRepository,
  type ScrapeJobStatus,
  type TransitionChanges,
  UNEXPECTED_FAILURE,
} from '@scout/scraping';
import { ScrapeRunner } from './scrape.runner';

/** One job record kept in memory, moved the way the repository moves it. */
class FakeJobs {
  status: ScrapeJobStatus = 'queued';
  error: TransitionChanges['error'];
  deadReason: TransitionChanges['deadReason'];
  /** How many of the next transitions fail, as timed-out MongoDB writes would. */
  failures = 0;

  claimRun() {
    this.status = 'running';
    return Promise.resolve({ job: this.view() });
  }

  extendLease() {
    return Promise.resolve();
  }

  findActive() {
    return Promise.resolve(null);
  }

  finishRun(_run: unknown, to: ScrapeJobStatus, changes: TransitionChanges) {
    if (this.failures > 0) {
      this.failures -= 1;
      return Promise.reject(new Error('write timed out'));
    }
    if (this.status !== 'running') return Promise.resolve(null);
    this.status = to;
    this.error = changes.error;
    this.deadReason = changes.deadReason;
    return Promise.resolve(this.view());
  }

  private view() {
    return {
      id: 'job-1',
      status: this.status,
      target: { publicId: 'ada-lovelace', url: 'http://profiles.test/in/ada-lovelace' },
      attempts: 1,
      transitions: [],
      createdAt: new Date().toISOString(),
    };
  }
}

function runnerWith(jobs: FakeJobs, profiles: { recordScrapeFailure: jest.Mock }): ScrapeRunner {
  const source = {
    fetch: () => Promise.reject(new ScrapeError(FailureKind.Transient, 'site answered 503')),
  };
  const outbound = {
    execute: (_host: string, call: (signal: AbortSignal) => Promise<unknown>) =>
      call(new AbortController().signal),
  };
  const robots = { assertAllowed: () => Promise.resolve() };
  const locks = { withLock: (_key: string, work: () => Promise<unknown>) => work() };
  // Records no event: only the transition it wraps matters here.
  const events = {
    record: (plan: {
      events: unknown[];
      write: (session: undefined, staged: boolean[]) => unknown;
    }) =>
      plan.write(
        undefined,
        plan.events.map(() => true),
      ),
  };
  const config = {
    scraping: { baseUrl: 'http://profiles.test', maxDeferralMs: 60_000 },
    queue: { lockDurationMs: 30_000 },
  };
  return new ScrapeRunner(
    jobs as unknown as ScrapeJobRepository,
    source,
    outbound as unknown as OutboundPolicy,
    robots as unknown as RobotsPolicy,
    profiles as unknown as ProfileScrapeLanding,
    locks as unknown as DocumentLock,
    events as unknown as EventLog,
    { assertAllowed: async () => undefined } as unknown as SuppressionCheck,
    config as unknown as AppConfig,
  );
}

const payload = {
  scrapeJobId: 'job-1',
  publicId: 'ada-lovelace',
  url: 'http://profiles.test/in/ada-lovelace',
};

describe('ScrapeRunner when recording an outcome fails', () => {
  it('on the last attempt: the job ends dead with the error instead of staying running', async () => {
    const jobs = new FakeJobs();
    // The write recording the site's failure times out; the next write goes through.
    jobs.failures = 1;
    const profiles = { recordScrapeFailure: jest.fn().mockResolvedValue(undefined) };

    await expect(
      runnerWith(jobs, profiles).run(payload, { number: 3, isLast: true }),
    ).rejects.toThrow('write timed out');

    expect(jobs.status).toBe('dead');
    expect(jobs.deadReason).toBe('attempts-exhausted');
    expect(jobs.error).toEqual({
      code: UNEXPECTED_FAILURE,
      message: 'write timed out',
      retryable: true,
    });
    expect(profiles.recordScrapeFailure).toHaveBeenCalledWith('ada-lovelace', 'job-1');
  });

  it('before the last attempt: the job stays running for the queue to retry', async () => {
    const jobs = new FakeJobs();
    jobs.failures = 1;
    const profiles = { recordScrapeFailure: jest.fn().mockResolvedValue(undefined) };

    await expect(
      runnerWith(jobs, profiles).run(payload, { number: 1, isLast: false }),
    ).rejects.toThrow('write timed out');

    expect(jobs.status).toBe('running');
    expect(profiles.recordScrapeFailure).not.toHaveBeenCalled();
  });

  it('when the fallback write fails too: the first error surfaces and the record stays running for the sweeper', async () => {
    const jobs = new FakeJobs();
    jobs.failures = 2;
    const profiles = { recordScrapeFailure: jest.fn().mockResolvedValue(undefined) };

    await expect(
      runnerWith(jobs, profiles).run(payload, { number: 3, isLast: true }),
    ).rejects.toThrow('write timed out');

    expect(jobs.status).toBe('running');
  });
});
