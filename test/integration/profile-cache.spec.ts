import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { profileBody } from '../support/factories';
import { startRelay, type TcpRelay } from '../support/tcp-relay';

jest.setTimeout(60_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

/** The profiles collection, wrapped to count the queries that actually reach MongoDB. */
function countProfileQueries(api: ApiHarness): { count: () => number } {
  const model = api.app.get<Connection>(getConnectionToken()).models.Profile;
  const findById = jest.spyOn(model, 'findById');
  const findOne = jest.spyOn(model, 'findOne');
  return { count: () => findById.mock.calls.length + findOne.mock.calls.length };
}

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`not within ${timeoutMs} ms`);
}

describe('profile reads through the two-level cache', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApiHarness();
  });

  afterAll(async () => {
    await api.close();
  });

  async function create(): Promise<Json> {
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/profiles',
      payload: profileBody(),
    });
    expect(response.statusCode).toBe(201);
    return response.json<Json>();
  }

  it('a second read does not touch MongoDB', async () => {
    const profile = await create();
    const queries = countProfileQueries(api);
    expect(
      (await api.app.inject({ method: 'GET', url: `/v1/profiles/${profile.id}` })).statusCode,
    ).toBe(200);
    const afterFirst = queries.count();
    expect(afterFirst).toBeGreaterThan(0);
    const second = await api.app.inject({ method: 'GET', url: `/v1/profiles/${profile.id}` });
    expect(second.statusCode).toBe(200);
    expect(second.json<Json>().fullName).toBe(profile.fullName);
    expect(queries.count()).toBe(afterFirst);
    jest.restoreAllMocks();
  });

  it('100 concurrent misses on one profile → one load', async () => {
    const profile = await create();
    const queries = countProfileQueries(api);
    const responses = await Promise.all(
      Array.from({ length: 100 }, () =>
        api.app.inject({ method: 'GET', url: `/v1/profiles/${profile.publicId}` }),
      ),
    );
    expect(responses.every((r) => r.statusCode === 200)).toBe(true);
    expect(queries.count()).toBe(1);
    jest.restoreAllMocks();
  });

  it('a starting api preloads the most recently updated profiles (cache warming)', async () => {
    const recent = [await create(), await create(), await create()];
    const warm = await startApiHarness(
      { MONGODB_URI: api.config.mongo.uri, CACHE_WARM_COUNT: '3' },
      { syncIndexes: false },
    );
    try {
      const queries = countProfileQueries(warm);
      await eventually(async () => {
        const before = queries.count();
        await warm.app.inject({ method: 'GET', url: `/v1/profiles/${recent[0].id}` });
        return queries.count() === before;
      }, 5_000);
      const before = queries.count();
      for (const profile of recent) {
        const response = await warm.app.inject({
          method: 'GET',
          url: `/v1/profiles/${profile.id}`,
        });
        expect(response.statusCode).toBe(200);
      }
      expect(queries.count()).toBe(before);
      jest.restoreAllMocks();
    } finally {
      await warm.close();
    }
  });

  it("a write through one instance evicts the other instance's L1 within 1 second", async () => {
    const other = await startApiHarness(
      { MONGODB_URI: api.config.mongo.uri },
      { syncIndexes: false },
    );
    try {
      const profile = await create();
      const read = async (app: ApiHarness) =>
        (await app.app.inject({ method: 'GET', url: `/v1/profiles/${profile.id}` })).json<Json>()
          .headline;
      expect(await read(other)).toBe(profile.headline);
      const patched = await api.app.inject({
        method: 'PATCH',
        url: `/v1/profiles/${profile.id}`,
        payload: { headline: 'Seen everywhere' },
      });
      expect(patched.statusCode).toBe(200);
      const elapsed = await eventually(
        async () => (await read(other)) === 'Seen everywhere',
        1_000,
      );
      expect(elapsed).toBeLessThan(1_000);
    } finally {
      await other.close();
    }
  });
});

describe('when a dependency fails', () => {
  it('with Redis gone, reads and writes still succeed (L1 + MongoDB)', async () => {
    const relay = await startRelay(process.env.SCOUT_TEST_REDIS_URL!);
    const api = await startApiHarness({ REDIS_URL: `redis://127.0.0.1:${relay.port}/0` });
    try {
      const created = await api.app.inject({
        method: 'POST',
        url: '/v1/profiles',
        payload: profileBody(),
      });
      expect(created.statusCode).toBe(201);
      const id = created.json<Json>().id;
      await relay.close();
      const started = Date.now();
      const read = await api.app.inject({ method: 'GET', url: `/v1/profiles/${id}` });
      expect(read.statusCode).toBe(200);
      const patched = await api.app.inject({
        method: 'PATCH',
        url: `/v1/profiles/${id}`,
        payload: { headline: 'Offline cache' },
      });
      expect(patched.statusCode).toBe(200);
      const again = await api.app.inject({ method: 'GET', url: `/v1/profiles/${id}` });
      expect(again.json<Json>().headline).toBe('Offline cache');
      const created2 = await api.app.inject({
        method: 'POST',
        url: '/v1/profiles',
        payload: profileBody(),
      });
      expect(created2.statusCode).toBe(201);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await api.close();
      await relay.close();
    }
  });

  it('with MongoDB gone, a recently cached profile is served stale; an uncached one is 503', async () => {
    const relay: TcpRelay = await startRelay(process.env.SCOUT_TEST_MONGODB_URI!);
    const database = `scout_failsafe_${Date.now()}`;
    const api = await startApiHarness(
      {
        MONGODB_URI: `mongodb://127.0.0.1:${relay.port}/${database}`,
        MONGODB_SERVER_SELECTION_TIMEOUT_MS: '500',
        CACHE_PROFILE_TTL_MS: '200',
        CACHE_STALE_GRACE_MS: '60000',
      },
      { syncIndexes: true },
    );
    try {
      const cached = (
        await api.app.inject({ method: 'POST', url: '/v1/profiles', payload: profileBody() })
      ).json<Json>();
      const uncached = (
        await api.app.inject({ method: 'POST', url: '/v1/profiles', payload: profileBody() })
      ).json<Json>();
      expect(
        (await api.app.inject({ method: 'GET', url: `/v1/profiles/${cached.id}` })).statusCode,
      ).toBe(200);

      await relay.close();
      await new Promise((resolve) => setTimeout(resolve, 400)); // past the TTL: only stale copies remain

      const stale = await api.app.inject({ method: 'GET', url: `/v1/profiles/${cached.id}` });
      expect(stale.statusCode).toBe(200);
      expect(stale.json<Json>().publicId).toBe(cached.publicId);

      const missing = await api.app.inject({ method: 'GET', url: `/v1/profiles/${uncached.id}` });
      expect(missing.statusCode).toBe(503);
      expect(missing.json<Json>().code).toBe('DEPENDENCY_UNAVAILABLE');
      expect(missing.headers['retry-after']).toBeDefined();
    } finally {
      await api.close();
    }
  });
});
