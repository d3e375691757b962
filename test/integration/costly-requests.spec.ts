import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Response as LightResponse } from 'light-my-request';
import { ApiKeysService } from '@scout/auth';
import { RedisClientFactory } from '@scout/database';
import { ConcurrencyLimiter, RateLimitStats } from '@scout/rate-limit';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { startRelay, type TcpRelay } from '../support/tcp-relay';
import { testConfig } from '../support/test-env';

jest.setTimeout(60_000);

const COSTLY = { RATE_LIMIT_COSTLY_CONCURRENCY: '2' };
/** Long enough for the checks made while two requests are held open, on a busy machine. */
const HOLD_MS = 8_000;

interface Key {
  id: string;
  key: string;
}

async function createKey(api: ApiHarness): Promise<Key> {
  const created = await api.app
    .get(ApiKeysService)
    .create({ name: 'costly requests', scopes: ['admin'] });
  return { id: created.apiKey.id, key: created.key };
}

function call(
  api: ApiHarness,
  key: Key,
  method: 'GET' | 'POST',
  url: string,
  payload?: object,
): Promise<LightResponse> {
  return api.injectAnonymous({
    method,
    url,
    payload,
    headers: { authorization: `Bearer ${key.key}` },
  });
}

function expectTooMany(response: LightResponse): void {
  expect(response.statusCode).toBe(429);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(response.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
  expect(response.headers['retry-after']).toBe('1');
}

async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('costly requests in flight per API key (Redis)', () => {
  let api: ApiHarness;
  let factory: RedisClientFactory;
  let inFlight: (key: Key) => Promise<number>;

  beforeAll(async () => {
    api = await startApiHarness(COSTLY);
    factory = new RedisClientFactory(api.config);
    const redis = factory.create('costly-probe');
    inFlight = (key) => redis.zcard(`${api.config.app.name}:ratelimit:inflight:key:${key.id}`);
    // Both clients send nothing until connected (no offline queue).
    await eventually(() => redis.status === 'ready' && api.app.get(ConcurrencyLimiter).connected);
  });

  afterAll(async () => {
    await factory.onApplicationShutdown();
    await api.close();
  });

  it('refuses a third costly request of a key with two in flight, serves other keys and cheap requests, and serves it again once they finish', async () => {
    const busy = await createKey(api);
    const other = await createKey(api);
    const held = [1, 2].map(() => call(api, busy, 'GET', `/v1/test/costly?ms=${HOLD_MS}`));
    await eventually(async () => (await inFlight(busy)) === 2);

    expectTooMany(await call(api, busy, 'GET', '/v1/test/costly?ms=0'));
    // Every costly route shares the key's slots; the guard refuses before reading the body.
    expectTooMany(await call(api, busy, 'POST', '/v1/profiles/batch', { profiles: [] }));
    expectTooMany(await call(api, busy, 'POST', '/v1/scrape-jobs/batch', { targets: [] }));
    for (const path of ['/v1/profiles', '/v1/companies', '/v1/scrape-jobs']) {
      expectTooMany(await call(api, busy, 'GET', `${path}?limit=100`));
      expect((await call(api, busy, 'GET', `${path}?limit=99`)).statusCode).toBe(200);
    }
    expect(api.app.get(RateLimitStats).snapshot().costlyLimited).toBe(6);

    expect((await call(api, other, 'GET', '/v1/test/costly?ms=0')).statusCode).toBe(200);
    expect((await call(api, other, 'GET', '/v1/profiles?limit=100')).statusCode).toBe(200);

    expect((await Promise.all(held)).map((response) => response.statusCode)).toEqual([200, 200]);
    expect(await inFlight(busy)).toBe(0);
    expect((await call(api, busy, 'GET', '/v1/profiles?limit=100')).statusCode).toBe(200);
    expect(api.app.get(RateLimitStats).snapshot().fallbacks).toBe(0);
  });

  it('documents exactly the costly operations in OpenAPI: x-costly and their 429', async () => {
    const document = (await api.injectAnonymous('/docs-json')).json<{
      paths: Record<string, Record<string, { 'x-costly'?: object; responses: object }>>;
    }>();
    const costly: Record<string, object | undefined> = {};
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (operation['x-costly']) costly[`${method} ${path}`] = operation['x-costly'];
      }
    }
    const largestPage = { pageLimitAtLeast: 100 };
    expect(costly).toEqual({
      'post /v1/profiles/batch': {},
      'post /v1/scrape-jobs/batch': {},
      'get /v1/profiles': largestPage,
      'get /v1/companies': largestPage,
      'get /v1/companies/{id}/profiles': largestPage,
      'get /v1/scrape-jobs': largestPage,
      'get /v1/test/costly': {},
    });
    const batch = document.paths['/v1/profiles/batch'].post.responses as Record<
      string,
      { description: string }
    >;
    expect(batch['429'].description).toContain('costly requests in flight');
  });

  it('releases the slot when the client aborts, while the handler still runs', async () => {
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = api.app.getHttpServer().address() as AddressInfo;
    const key = await createKey(api);
    const sentAt = Date.now();
    const requests = [1, 2].map(() => {
      const request = httpRequest({
        port,
        host: '127.0.0.1',
        path: `/v1/test/costly?ms=${HOLD_MS}`,
        headers: { authorization: `Bearer ${key.key}` },
        agent: false,
      });
      request.on('error', () => undefined);
      request.end();
      return request;
    });
    await eventually(async () => (await inFlight(key)) === 2);
    expectTooMany(await call(api, key, 'GET', '/v1/test/costly?ms=0'));

    requests[0].destroy();
    await eventually(async () => (await inFlight(key)) === 1);
    expect((await call(api, key, 'GET', '/v1/test/costly?ms=0')).statusCode).toBe(200);
    requests[1].destroy();
    await eventually(async () => (await inFlight(key)) === 0);
    // Let the abandoned handlers finish, so no timer outlives the suite.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, sentAt + HOLD_MS - Date.now())));
  });

  it('lets a crashed process’s slots lapse with their lease', async () => {
    // A lease outlives the request deadline by 5 s: a 1 s deadline makes leases of 6 s.
    const config = testConfig({
      ...COSTLY,
      REQUEST_TIMEOUT_MS: '1000',
      MONGODB_READ_TIMEOUT_MS: '500',
      MONGODB_WRITE_TIMEOUT_MS: '500',
      REDIS_COMMAND_TIMEOUT_MS: '500',
      // The survivor must ask Redis, not fall back to counting in its own process (which sees
      // no slots taken) because one call outlasted the short default bound on a busy machine.
      RATE_LIMIT_REDIS_TIMEOUT_MS: '900',
    });
    const crashed = new RedisClientFactory(config);
    const survivor = new RedisClientFactory(config);
    const limiters = [crashed, survivor].map(
      (f) => new ConcurrencyLimiter(f, config, new RateLimitStats()),
    );
    try {
      await eventually(() => limiters.every((limiter) => limiter.connected));
      const subject = `key:lapse-${Date.now()}`;
      expect(await limiters[0].acquire(subject, 2)).toBeDefined();
      expect(await limiters[0].acquire(subject, 2)).toBeDefined();
      const crashedAt = Date.now();
      await crashed.onApplicationShutdown();
      expect(await limiters[1].acquire(subject, 2)).toBeUndefined();
      await eventually(async () => (await limiters[1].acquire(subject, 2)) !== undefined, 15_000);
      expect(Date.now() - crashedAt).toBeGreaterThan(4_000);
    } finally {
      await survivor.onApplicationShutdown();
    }
  });
});

describe('costly requests in flight while Redis does not answer', () => {
  let relay: TcpRelay;
  let api: ApiHarness;

  beforeAll(async () => {
    relay = await startRelay(process.env.SCOUT_TEST_REDIS_URL!);
    api = await startApiHarness({
      ...COSTLY,
      REDIS_URL: `redis://127.0.0.1:${relay.port}/0`,
      RATE_LIMIT_REDIS_TIMEOUT_MS: '100',
    });
    await eventually(() => api.app.get(ConcurrencyLimiter).connected);
  });

  afterAll(async () => {
    relay.resume();
    await api.close();
    await relay.close();
  });

  it('counts in-flight requests in the process instead: still limited, released, never waiting on Redis', async () => {
    const stats = api.app.get(RateLimitStats);
    const limiter = api.app.get(ConcurrencyLimiter);
    const key = await createKey(api);
    // Warm the key lookup so authentication does not need Redis or a fresh MongoDB read.
    expect((await call(api, key, 'GET', '/v1/test/costly?ms=0')).statusCode).toBe(200);
    const fallbacksBefore = stats.snapshot().fallbacks;

    relay.pause();
    const held = [1, 2].map(() => call(api, key, 'GET', `/v1/test/costly?ms=${HOLD_MS}`));
    await eventually(() => limiter.heldLocally(`key:${key.id}`) === 2);
    const started = Date.now();
    expectTooMany(await call(api, key, 'GET', '/v1/test/costly?ms=0'));
    // Bounded by the 100 ms Redis timeout (plus a busy machine), not by Redis coming back.
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(stats.snapshot().fallbacks - fallbacksBefore).toBeGreaterThanOrEqual(3);

    expect((await Promise.all(held)).map((response) => response.statusCode)).toEqual([200, 200]);
    expect(limiter.heldLocally(`key:${key.id}`)).toBe(0);
    expect((await call(api, key, 'GET', '/v1/test/costly?ms=0')).statusCode).toBe(200);
  });
});
