import { randomInt } from 'node:crypto';
import type { InjectOptions, Response as LightResponse } from 'light-my-request';
import { ApiKeysService, type Scope } from '@scout/auth';
import { RateLimitStats } from '@scout/rate-limit';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { freePort } from '../support/app-process';
import { parseMetrics, valueOf } from '../support/prometheus-text';
import { startRelay, type TcpRelay } from '../support/tcp-relay';

jest.setTimeout(60_000);

const LIMITS = {
  RATE_LIMIT_WINDOW_MS: '60000',
  RATE_LIMIT_READS: '3',
  RATE_LIMIT_WRITES: '3',
  RATE_LIMIT_SCRAPE: '2',
  RATE_LIMIT_ANONYMOUS: '3',
};

/** A documentation-range address no other test uses, so anonymous budgets never collide. */
function uniqueIp(): string {
  return `198.51.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

async function createKey(api: ApiHarness, scopes: Scope[] = ['admin']): Promise<string> {
  return (await api.app.get(ApiKeysService).create({ name: 'rate limit e2e', scopes })).key;
}

/** A GET as given: without a credential header it goes out anonymous (no harness key). */
function get(api: ApiHarness, url: string, options: Partial<InjectOptions> = {}) {
  return api.injectAnonymous({ method: 'GET', url, ...options });
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function withKey(key: string, remoteAddress = uniqueIp()): Partial<InjectOptions> {
  return { headers: { authorization: `Bearer ${key}` }, remoteAddress };
}

function expectLimited(response: LightResponse, limit: number): void {
  expect(response.statusCode).toBe(429);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(response.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(response.headers['ratelimit-limit']).toBe(String(limit));
  expect(response.headers['ratelimit-remaining']).toBe('0');
}

describe('rate limits', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApiHarness(LIMITS);
  });

  afterAll(async () => {
    await api.close();
  });

  it('counts down in RateLimit headers, then answers 429 problem details with Retry-After', async () => {
    const key = await createKey(api);
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await get(api, '/v1/profiles', withKey(key));
      expect(response.statusCode).toBe(200);
      expect(response.headers['ratelimit-limit']).toBe('3');
      expect(Number(response.headers['ratelimit-reset'])).toBeGreaterThanOrEqual(1);
      remaining.push(String(response.headers['ratelimit-remaining']));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    expectLimited(await get(api, '/v1/profiles', withKey(key)), 3);
    expect(api.app.get(RateLimitStats).snapshot().limited.reads).toBeGreaterThanOrEqual(1);
  });

  it('keeps one budget per key: another key is unaffected when one is exhausted', async () => {
    const exhausted = await createKey(api);
    const other = await createKey(api);
    for (let i = 0; i < 3; i++) await get(api, '/v1/companies', withKey(exhausted));
    expect((await get(api, '/v1/companies', withKey(exhausted))).statusCode).toBe(429);
    const response = await get(api, '/v1/companies', withKey(other));
    expect(response.statusCode).toBe(200);
    expect(response.headers['ratelimit-remaining']).toBe('2');
  });

  it('keeps separate budgets per tier: exhausted reads leave writes and scrapes open', async () => {
    const key = await createKey(api);
    for (let i = 0; i < 4; i++) await get(api, '/v1/profiles', withKey(key));
    const write = await api.injectAnonymous({
      method: 'DELETE',
      url: '/v1/profiles/0123456789abcdef01234567',
      ...withKey(key),
    });
    expect(write.statusCode).toBe(404);
    expect(write.headers['ratelimit-limit']).toBe('3');
    expect(write.headers['ratelimit-remaining']).toBe('2');
    const scrape = await api.injectAnonymous({
      method: 'POST',
      url: '/v1/scrape-jobs',
      payload: {},
      ...withKey(key),
    });
    expect(scrape.statusCode).toBe(400);
    expect(scrape.headers['ratelimit-limit']).toBe('2');
  });

  it('holds each key to its scrape quota (RATE_LIMIT_SCRAPE): 429 with Retry-After, reads still open', async () => {
    const key = await createKey(api, ['scrape:write', 'profiles:read']);
    const scrape = () =>
      api.injectAnonymous({ method: 'POST', url: '/v1/scrape-jobs', payload: {}, ...withKey(key) });
    expect((await scrape()).statusCode).toBe(400);
    expect((await scrape()).statusCode).toBe(400);
    expectLimited(await scrape(), 2);
    expect((await get(api, '/v1/profiles', withKey(key))).statusCode).toBe(200);
    const other = await createKey(api, ['scrape:write']);
    const elsewhere = await api.injectAnonymous({
      method: 'POST',
      url: '/v1/scrape-jobs',
      payload: {},
      ...withKey(other),
    });
    expect(elsewhere.statusCode).toBe(400);
  });

  it('limits requests without a valid key per client IP, 401s included', async () => {
    const ip = uniqueIp();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await get(api, '/v1/profiles', {
        remoteAddress: ip,
        headers: i === 0 ? { authorization: 'Bearer scout_wrongwrongwrong' } : {},
      });
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401]);
    expectLimited(await get(api, '/v1/profiles', { remoteAddress: ip, headers: {} }), 3);
    // Another address, and a valid key from the same address, have budgets of their own.
    expect(
      (await get(api, '/v1/profiles', { remoteAddress: uniqueIp(), headers: {} })).statusCode,
    ).toBe(401);
    const key = await createKey(api);
    expect((await get(api, '/v1/profiles', withKey(key, ip))).statusCode).toBe(200);
  });

  it('limits public /v1 routes per IP too, and never limits health probes', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 3; i++) {
      expect((await get(api, '/v1/test/slow?ms=0', { remoteAddress: ip })).statusCode).toBe(200);
    }
    expect((await get(api, '/v1/test/slow?ms=0', { remoteAddress: ip })).statusCode).toBe(429);
    for (let i = 0; i < 5; i++) {
      const probe = await get(api, '/health/live', { remoteAddress: ip });
      expect(probe.statusCode).toBe(200);
      expect(probe.headers['ratelimit-limit']).toBeUndefined();
    }
  });

  it('documents the 429 and its headers on every /v1 operation of the OpenAPI document', async () => {
    const document = (await get(api, '/docs-json')).json<{
      paths: Record<string, Record<string, { responses: Record<string, { headers?: object }> }>>;
    }>();
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const operation of Object.values(operations)) {
        const limited = operation.responses['429'];
        if (path.startsWith('/v1/')) {
          expect(Object.keys(limited?.headers ?? {})).toEqual(
            expect.arrayContaining(['Retry-After', 'RateLimit-Remaining']),
          );
        } else {
          expect(limited).toBeUndefined();
        }
      }
    }
  });

  it('shares counts between api processes through Redis', async () => {
    const second = await startApiHarness(api.env);
    try {
      const key = await createKey(api);
      expect((await get(api, '/v1/profiles', withKey(key))).statusCode).toBe(200);
      expect((await get(second, '/v1/profiles', withKey(key))).statusCode).toBe(200);
      const third = await get(api, '/v1/profiles', withKey(key));
      expect(third.headers['ratelimit-remaining']).toBe('0');
      expectLimited(await get(second, '/v1/profiles', withKey(key)), 3);
    } finally {
      await second.close();
    }
  });
});

describe('rate limits while Redis is down', () => {
  let relay: TcpRelay;
  let api: ApiHarness;
  let metricsUrl: string;
  const target = process.env.SCOUT_TEST_REDIS_URL!;

  beforeAll(async () => {
    relay = await startRelay(target);
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    api = await startApiHarness({
      ...LIMITS,
      REDIS_URL: `redis://127.0.0.1:${relay.port}/0`,
      METRICS_PORT: String(metricsPort),
      METRICS_HOST: '127.0.0.1',
    });
  });

  afterAll(async () => {
    await api.close();
    await relay.close();
  });

  it('falls back to per-process counters that still limit, and returns to Redis when it is back', async () => {
    const stats = api.app.get(RateLimitStats);
    const key = await createKey(api);
    const fresh = await createKey(api);
    // Warm the key lookup so authentication does not need Redis or a fresh MongoDB read.
    expect((await get(api, '/v1/profiles', withKey(key))).statusCode).toBe(200);
    expect(stats.snapshot().fallbacks).toBe(0);

    await relay.close();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await get(api, '/v1/profiles', withKey(key))).statusCode);
    }
    // The process's own counters start from zero: three more requests, then a refusal.
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(stats.snapshot().fallbacks).toBeGreaterThanOrEqual(4);
    const samples = parseMetrics(await (await fetch(metricsUrl)).text());
    expect(valueOf(samples, 'scout_rate_limited_requests_total', { tier: 'reads' })).toBe(1);
    expect(valueOf(samples, 'scout_rate_limit_fallback_total')).toBeGreaterThanOrEqual(4);
    const other = await get(api, '/health/live');
    expect(other.statusCode).toBe(200);

    relay = await startRelay(target, relay.port);
    await eventually(async () => {
      const before = stats.snapshot().fallbacks;
      await get(api, '/v1/companies', withKey(fresh));
      return stats.snapshot().fallbacks === before;
    });
  });
});
