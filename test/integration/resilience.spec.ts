import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConsoleLogger } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Redis } from 'ioredis';
import { AppConfig, ConfigModule } from '@scout/config';
import { DatabaseModule, REDIS_CLIENT } from '@scout/database';
import {
  type HostRateLimiter,
  HostUnavailableError,
  OutboundPolicies,
  type OutboundPolicy,
  type OutboundStats,
  ResilienceModule,
  type SharedCircuitBreaker,
} from '@scout/resilience';
import { FailureKind, PROFILE_SITE_POLICY, SCRAPE_FAILURES, ScrapeError } from '@scout/scraper';
import { freePort } from '../support/app-process';
import { testConfig } from '../support/test-env';

jest.setTimeout(30_000);

/** The resilience policies of one process, as a worker would have them. */
interface Instance {
  module: TestingModule;
  policy: OutboundPolicy;
  breaker: SharedCircuitBreaker;
  limiter: HostRateLimiter;
  stats: OutboundStats;
  redis: Redis;
}

const open: TestingModule[] = [];

/** Boots a process's resilience module; unless told not to, waits until Redis is connected. */
async function startInstance(
  overrides: Record<string, string> = {},
  { waitForRedis = true } = {},
): Promise<Instance> {
  const config = testConfig({
    SCRAPER_RETRY_BASE_DELAY_MS: '10',
    SCRAPER_TIMEOUT_MS: '2000',
    ...overrides,
  });
  const module = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(config), DatabaseModule, ResilienceModule],
  })
    // Outage tests make Redis clients warn on purpose; keep the output for real errors.
    .setLogger(new ConsoleLogger({ logLevels: ['error'] }))
    .compile();
  await module.init();
  open.push(module);
  // Built as the scraper builds it: the profile site's policy, from the `scraping` settings.
  const policy = module
    .get(OutboundPolicies)
    .get(PROFILE_SITE_POLICY, module.get(AppConfig).scraping, SCRAPE_FAILURES);
  const instance: Instance = {
    module,
    policy,
    breaker: policy.breaker,
    limiter: policy.limiter,
    stats: policy.stats,
    redis: module.get<Redis>(REDIS_CLIENT),
  };
  if (waitForRedis) await eventually(() => instance.redis.status === 'ready');
  return instance;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((module) => module.close()));
});

/** A host no other test uses, so breaker and rate-limit state in Redis never collide. */
const uniqueHost = (): string => `site-${randomBytes(6).toString('hex')}.test`;

/** What one call of scripted work does: succeed, throw, never settle, or succeed after a delay. */
type Step = 'ok' | Error | 'hang' | { okAfterMs: number };

/**
 * Real async outbound work that follows a script (the last step repeats) and records every call
 * with its time and signal: the input of the code under test.
 */
function scripted(...steps: Step[]) {
  const calls: { at: number; signal: AbortSignal }[] = [];
  const work = async (signal: AbortSignal): Promise<string> => {
    const index = calls.length;
    calls.push({ at: Date.now(), signal });
    const step = steps[Math.min(index, steps.length - 1)];
    if (step === 'ok') return `page ${index}`;
    if (step === 'hang') return new Promise<string>(() => undefined);
    if (step instanceof Error) throw step;
    await sleep(step.okAfterMs);
    return `page ${index}`;
  };
  return { work, calls };
}

const transient = () => new ScrapeError(FailureKind.Transient, 'HTTP 503', { status: 503 });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

async function deferral(promise: Promise<unknown>): Promise<HostUnavailableError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(HostUnavailableError);
  return error as HostUnavailableError;
}

async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(20);
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

describe('OutboundPolicy: retries', () => {
  it('retries TRANSIENT failures and returns the first success', async () => {
    const { policy, stats } = await startInstance();
    const host = uniqueHost();
    const { work, calls } = scripted(transient(), transient(), 'ok');

    await expect(policy.execute(host, work, { jobId: 'job-1' })).resolves.toBe('page 2');

    expect(calls).toHaveLength(3);
    expect(stats.snapshot().hosts[host]).toMatchObject({
      retries: 2,
      requests: { success: 1, [FailureKind.Transient]: 2 },
      breaker: 'closed',
    });
  });

  it('gives up after maxAttempts, rethrowing the last failure', async () => {
    const { policy } = await startInstance({ SCRAPER_MAX_ATTEMPTS: '2' });
    const last = new ScrapeError(FailureKind.Transient, 'HTTP 502', { status: 502 });
    const { work, calls } = scripted(transient(), last);

    await expect(rejection(policy.execute(uniqueHost(), work))).resolves.toBe(last);
    expect(calls).toHaveLength(2);
  });

  it('does not retry NOT_FOUND', async () => {
    const { policy } = await startInstance();
    const notFound = new ScrapeError(FailureKind.NotFound, 'HTTP 404', { status: 404 });
    const { work, calls } = scripted(notFound);

    await expect(rejection(policy.execute(uniqueHost(), work))).resolves.toBe(notFound);
    expect(calls).toHaveLength(1);
  });

  it('does not retry BLOCKED', async () => {
    const { policy } = await startInstance();
    const { work, calls } = scripted(new ScrapeError(FailureKind.Blocked, 'auth wall'));

    const error = await rejection(policy.execute(uniqueHost(), work));
    expect(error).toBeInstanceOf(ScrapeError);
    expect((error as ScrapeError).kind).toBe(FailureKind.Blocked);
    expect(calls).toHaveLength(1);
  });

  it('wraps unclassified errors as TRANSIENT, keeping the cause', async () => {
    const { policy } = await startInstance({ SCRAPER_MAX_ATTEMPTS: '1' });
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const { work } = scripted(reset);

    const error = (await rejection(policy.execute(uniqueHost(), work))) as ScrapeError;
    expect(error).toBeInstanceOf(ScrapeError);
    expect(error.kind).toBe(FailureKind.Transient);
    expect(error.cause).toBe(reset);
  });
});

describe('OutboundPolicy: Retry-After', () => {
  it('waits at least the Retry-After before the next attempt', async () => {
    const { policy } = await startInstance();
    const { work, calls } = scripted(
      new ScrapeError(FailureKind.RateLimited, 'HTTP 429', { status: 429, retryAfterMs: 300 }),
      'ok',
    );

    await expect(policy.execute(uniqueHost(), work)).resolves.toBe('page 1');

    expect(calls).toHaveLength(2);
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(300);
  });

  it('defers instead of waiting when Retry-After exceeds retryMaxDelayMs, and pauses the host for every process', async () => {
    const first = await startInstance();
    const second = await startInstance();
    const host = uniqueHost();
    const { work, calls } = scripted(
      new ScrapeError(FailureKind.RateLimited, 'HTTP 429', { status: 429, retryAfterMs: 3_000 }),
    );

    const error = await deferral(first.policy.execute(host, work));
    expect(error.reason).toBe('retry-after');
    expect(error.retryAfterMs).toBe(3_000);
    expect(calls).toHaveLength(1);

    // The other process hears the Retry-After too: no request goes out during the pause.
    const other = scripted('ok');
    const paused = await deferral(second.policy.execute(host, other.work));
    expect(paused.reason).toBe('rate-limited');
    expect(paused.retryAfterMs).toBeGreaterThan(2_000);
    expect(other.calls).toHaveLength(0);
  });
});

describe('OutboundPolicy: timeout', () => {
  it('aborts work that never settles after timeoutMs and counts it TRANSIENT', async () => {
    const { policy, stats } = await startInstance({
      SCRAPER_TIMEOUT_MS: '200',
      SCRAPER_MAX_ATTEMPTS: '2',
    });
    const host = uniqueHost();
    const { work, calls } = scripted('hang');
    const started = Date.now();

    const error = (await rejection(policy.execute(host, work))) as ScrapeError;

    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(ScrapeError);
    expect(error.kind).toBe(FailureKind.Transient);
    expect(error.message).toBe('timed out');
    expect(calls).toHaveLength(2);
    expect(calls.every((call) => call.signal.aborted)).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(400);
    expect(elapsed).toBeLessThan(2_000);
    expect(stats.snapshot().hosts[host]).toMatchObject({
      timeouts: 2,
      requests: { [FailureKind.Transient]: 2 },
    });
  });

  it('treats what cooperative work throws on abort as the timeout', async () => {
    const { policy } = await startInstance({
      SCRAPER_TIMEOUT_MS: '100',
      SCRAPER_MAX_ATTEMPTS: '1',
    });
    const work = (signal: AbortSignal) =>
      new Promise<string>((_, reject) =>
        signal.addEventListener('abort', () => reject(new Error('aborted by signal'))),
      );

    const error = (await rejection(policy.execute(uniqueHost(), work))) as ScrapeError;
    expect(error.kind).toBe(FailureKind.Transient);
    expect(error.message).toBe('timed out');
  });
});

describe('OutboundPolicy: shared circuit breaker', () => {
  const breakerEnv = {
    SCRAPER_BREAKER_THRESHOLD: '3',
    SCRAPER_BREAKER_HALF_OPEN_AFTER_MS: '500',
  };

  it('opens after threshold consecutive failures and then sheds calls without calling work', async () => {
    const { policy, breaker, stats } = await startInstance(breakerEnv);
    const host = uniqueHost();
    const failing = scripted(transient());

    await expect(rejection(policy.execute(host, failing.work))).resolves.toBeInstanceOf(
      ScrapeError,
    );
    expect(failing.calls).toHaveLength(3);
    expect(await breaker.state(host)).toBe('open');

    const next = scripted('ok');
    const error = await deferral(policy.execute(host, next.work));
    expect(error.reason).toBe('breaker-open');
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(500);
    expect(next.calls).toHaveLength(0);
    expect(stats.snapshot().hosts[host]).toMatchObject({
      breaker: 'open',
      deferrals: { 'breaker-open': 1 },
    });
  });

  it('keeps one breaker per policy name: another policy calling the same host still gets through', async () => {
    const instance = await startInstance(breakerEnv);
    const host = uniqueHost();
    await rejection(instance.policy.execute(host, scripted(transient()).work));
    expect(await instance.breaker.state(host)).toBe('open');

    const config = instance.module.get(AppConfig).scraping;
    const other = instance.module.get(OutboundPolicies).get('other', config, SCRAPE_FAILURES);
    const next = scripted('ok');
    await expect(other.execute(host, next.work)).resolves.toBe('page 0');
    expect(await other.breaker.state(host)).toBe('closed');
    expect(other.stats.snapshot().hosts[host].requests).toMatchObject({ success: 1 });
    const keys = await instance.redis.keys(`scout:breaker:*{${host}}*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((key) => key.startsWith(`scout:breaker:${PROFILE_SITE_POLICY}:{`))).toBe(
      true,
    );
  });

  it('stops retrying once the breaker opens mid-call', async () => {
    const { policy } = await startInstance({
      ...breakerEnv,
      SCRAPER_BREAKER_THRESHOLD: '2',
      SCRAPER_MAX_ATTEMPTS: '3',
    });
    const { work, calls } = scripted(transient());

    const error = await deferral(policy.execute(uniqueHost(), work));
    expect(error.reason).toBe('breaker-open');
    expect(calls).toHaveLength(2);
  });

  it('resets the count on success and on NOT_FOUND, but not on RATE_LIMITED', async () => {
    const { policy, breaker } = await startInstance({ ...breakerEnv, SCRAPER_MAX_ATTEMPTS: '1' });
    const host = uniqueHost();
    const fail = async () => rejection(policy.execute(host, scripted(transient()).work));
    const notFound = new ScrapeError(FailureKind.NotFound, 'HTTP 404');
    const rateLimited = new ScrapeError(FailureKind.RateLimited, 'HTTP 429');

    await fail();
    await fail();
    await rejection(policy.execute(host, scripted(notFound).work));
    await fail();
    await fail();
    await policy.execute(host, scripted('ok').work);
    await fail();
    await fail();
    expect(await breaker.state(host)).toBe('closed');
    await rejection(policy.execute(host, scripted(rateLimited).work));
    await fail();
    expect(await breaker.state(host)).toBe('open');
  });

  it('is shared across processes: one opens it, the other sees it, exactly one probes, a probe success closes it', async () => {
    const first = await startInstance(breakerEnv);
    const second = await startInstance(breakerEnv);
    const host = uniqueHost();

    await rejection(first.policy.execute(host, scripted(transient()).work));
    expect(await second.breaker.state(host)).toBe('open');
    const shed = scripted('ok');
    expect((await deferral(second.policy.execute(host, shed.work))).reason).toBe('breaker-open');
    expect(shed.calls).toHaveLength(0);

    await eventually(async () => (await second.breaker.state(host)) === 'half-open', 2_000);

    const probe = scripted({ okAfterMs: 500 });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => second.policy.execute(host, probe.work)),
    );

    expect(probe.calls).toHaveLength(1);
    const fulfilled = results.filter((result) => result.status === 'fulfilled');
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(4);
    for (const result of rejected) {
      expect(result.reason).toBeInstanceOf(HostUnavailableError);
      expect((result.reason as HostUnavailableError).reason).toBe('breaker-open');
    }

    expect(await first.breaker.state(host)).toBe('closed');
    await expect(first.policy.execute(host, scripted('ok').work)).resolves.toBe('page 0');
  });

  it('re-opens when the probe fails, which also ends that call retries', async () => {
    const first = await startInstance(breakerEnv);
    const second = await startInstance(breakerEnv);
    const host = uniqueHost();

    await rejection(first.policy.execute(host, scripted(transient()).work));
    await eventually(async () => (await first.breaker.state(host)) === 'half-open', 2_000);

    const probe = scripted(transient());
    const error = await deferral(second.policy.execute(host, probe.work));
    expect(error.reason).toBe('breaker-open');
    expect(probe.calls).toHaveLength(1);
    expect(await first.breaker.state(host)).toBe('open');
  });
});

describe('HostRateLimiter', () => {
  it('shares one budget per host across processes', async () => {
    const first = await startInstance({ SCRAPER_RATE_PER_MINUTE: '5' });
    const second = await startInstance({ SCRAPER_RATE_PER_MINUTE: '5' });
    const host = uniqueHost();

    const grants = [];
    for (const instance of [first, second, first, second, first]) {
      grants.push(await instance.limiter.acquire(host));
    }
    expect(grants).toEqual(Array.from({ length: 5 }, () => ({ allowed: true })));

    const denied = await second.limiter.acquire(host);
    expect(denied.allowed).toBe(false);
    if (!denied.allowed) {
      expect(denied.retryAfterMs).toBeGreaterThan(0);
      expect(denied.retryAfterMs).toBeLessThanOrEqual(60_000);
    }
    expect(await first.limiter.acquire(uniqueHost())).toEqual({ allowed: true });

    // A wait beyond retryMaxDelayMs defers the call instead of holding the worker.
    const { work, calls } = scripted('ok');
    const error = await deferral(first.policy.execute(host, work));
    expect(error.reason).toBe('rate-limited');
    expect(calls).toHaveLength(0);
  });

  it('waits in-process for a short pause of the host, set by any process', async () => {
    const first = await startInstance();
    const second = await startInstance();
    const host = uniqueHost();
    const { work, calls } = scripted('ok');

    await second.limiter.pause(host, 200);
    const started = Date.now();
    await expect(first.policy.execute(host, work)).resolves.toBe('page 0');

    expect(calls).toHaveLength(1);
    expect(calls[0].at - started).toBeGreaterThanOrEqual(190);
  });
});

describe('OutboundPolicy: bulkhead', () => {
  it('turns away calls beyond hostConcurrency plus its queue', async () => {
    const { policy, stats } = await startInstance({ SCRAPER_HOST_CONCURRENCY: '1' });
    const host = uniqueHost();
    const { work, calls } = scripted({ okAfterMs: 400 });

    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => policy.execute(host, work)),
    );

    const rejected = results.filter((result) => result.status === 'rejected');
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(2);
    expect(rejected).toHaveLength(2);
    for (const result of rejected) {
      expect(result.reason).toBeInstanceOf(HostUnavailableError);
      expect((result.reason as HostUnavailableError).reason).toBe('bulkhead-full');
      expect((result.reason as HostUnavailableError).retryAfterMs).toBeGreaterThan(0);
    }
    expect(calls).toHaveLength(2);
    expect(stats.snapshot().hosts[host].deferrals['bulkhead-full']).toBe(2);
  });
});

describe('Redis unreachable', () => {
  it('keeps working with the in-process breaker and rate limiter, without hanging', async () => {
    const port = await freePort();
    const { policy, breaker, limiter } = await startInstance(
      {
        REDIS_URL: `redis://127.0.0.1:${port}/0`,
        SCRAPER_BREAKER_THRESHOLD: '2',
        SCRAPER_BREAKER_HALF_OPEN_AFTER_MS: '300',
      },
      { waitForRedis: false },
    );
    const host = uniqueHost();
    const started = Date.now();

    expect(await limiter.acquire(host)).toEqual({ allowed: true });
    const flaky = scripted(transient(), 'ok');
    await expect(policy.execute(host, flaky.work)).resolves.toBe('page 1');
    expect(flaky.calls).toHaveLength(2);

    // The in-process breaker has the same semantics: open, shed, one probe, closed.
    const failing = scripted(transient());
    expect((await deferral(policy.execute(host, failing.work))).reason).toBe('breaker-open');
    expect(failing.calls).toHaveLength(2);
    expect(await breaker.state(host)).toBe('open');
    await eventually(async () => (await breaker.state(host)) === 'half-open', 2_000);
    await expect(policy.execute(host, scripted('ok').work)).resolves.toBe('page 0');
    expect(await breaker.state(host)).toBe('closed');

    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
