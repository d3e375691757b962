import { getConnectionToken } from '@nestjs/mongoose';
import { MongoClient } from 'mongodb';
import type { InjectOptions, Response as LightResponse } from 'light-my-request';
import type { Connection, mongo } from 'mongoose';
import { DomainError, ErrorCode } from '@scout/common';
import { IdempotencyStore } from '@scout/database';
import { MetricsRegistry } from '@scout/observability';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { freePort } from '../support/app-process';
import { companyBody, profileBody, uniquePublicId } from '../support/factories';
import { startRelay, type TcpRelay } from '../support/tcp-relay';

type Json = Record<string, unknown>;
/** A created profile, as the api answers it. */
type Created = { id: string; publicId: string };

jest.setTimeout(20_000);

const REQUEST_TIMEOUT_MS = 8_000;

/** Settings that make outages show within a test's patience; all below the request timeout. */
const FAST_DEADLINES = {
  REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
  MONGODB_READ_TIMEOUT_MS: '500',
  MONGODB_WRITE_TIMEOUT_MS: '1000',
  MONGODB_SERVER_SELECTION_TIMEOUT_MS: '1000',
  REDIS_COMMAND_TIMEOUT_MS: '300',
  DEPENDENCY_TIMEOUTS_BEFORE_DOWN: '2',
  DEPENDENCY_PROBE_INTERVAL_MS: '200',
  HEALTH_CHECK_TIMEOUT_MS: '300',
};

async function timed<T>(work: Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work;
  return { result, ms: performance.now() - started };
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function dependencyGauge(api: ApiHarness): Promise<Record<string, number>> {
  const metrics = await api.app.get(MetricsRegistry).getSingleMetric('scout_dependency_up')?.get();
  return Object.fromEntries(
    (metrics?.values ?? []).map((v) => [String(v.labels.dependency), v.value]),
  );
}

describe('MongoDB frozen (every byte held, as under SIGSTOP)', () => {
  let relay: TcpRelay;
  let api: ApiHarness;

  beforeEach(async () => {
    relay = await startRelay(process.env.SCOUT_TEST_MONGODB_URI!);
    api = await startApiHarness(
      {
        ...FAST_DEADLINES,
        MONGODB_URI: `mongodb://127.0.0.1:${relay.port}/scout_outage_${Date.now()}`,
        METRICS_PORT: String(await freePort()),
        METRICS_HOST: '127.0.0.1',
      },
      { syncIndexes: true },
    );
  });

  afterEach(async () => {
    relay.resume();
    await api.close();
    await relay.close();
  });

  it('reads time out within their deadline, then fail fast while cached reads keep working, until MongoDB is back', async () => {
    const cached = (
      await api.app.inject({ method: 'POST', url: '/v1/profiles', payload: profileBody() })
    ).json<Created>();
    const uncached = (
      await api.app.inject({ method: 'POST', url: '/v1/profiles', payload: profileBody() })
    ).json<Created>();
    expect((await api.app.inject(`/v1/profiles/${cached.id}`)).statusCode).toBe(200);
    expect(await dependencyGauge(api)).toEqual({ mongo: 1, redis: 1 });

    relay.pause();

    const read = await timed(api.app.inject(`/v1/profiles/${uncached.id}`));
    expect(read.result.statusCode).toBe(504);
    expect(read.result.json<Json>().code).toBe('DEPENDENCY_TIMEOUT');
    expect(read.result.headers['retry-after']).toBeDefined();
    expect(read.ms).toBeLessThan(2_000);

    const list = await timed(api.app.inject('/v1/profiles?limit=5'));
    expect(list.result.statusCode).toBe(504);
    expect(list.ms).toBeLessThan(2_000);

    // Two timeouts in a row: MongoDB counts as down and requests no longer wait.
    const fast = await timed(api.app.inject(`/v1/profiles/${uncached.publicId}`));
    expect(fast.result.statusCode).toBe(503);
    expect(fast.result.json<Json>().code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(Number(fast.result.headers['retry-after'])).toBeGreaterThan(0);
    expect(fast.ms).toBeLessThan(100);

    const served = await api.app.inject(`/v1/profiles/${cached.id}`);
    expect(served.statusCode).toBe(200);
    expect(served.json<Json>().publicId).toBe(cached.publicId);

    const ready = await api.app.inject('/health/ready');
    expect(ready.statusCode).toBe(503);
    expect(JSON.stringify(ready.json())).toContain('fail fast');
    expect(await dependencyGauge(api)).toEqual({ mongo: 0, redis: 1 });

    relay.resume();
    await until(async () => (await dependencyGauge(api)).mongo === 1, 3_000);
    expect((await api.app.inject(`/v1/profiles/${uncached.id}`)).statusCode).toBe(200);
    expect((await api.app.inject('/health/ready')).statusCode).toBe(200);
  });

  it('a write sent but not confirmed answers 504 outcome unknown, never a plain failure', async () => {
    const publicId = uniquePublicId('unknown');
    // The API key is now known to this process: the frozen server meets the write itself.
    expect((await api.app.inject('/v1/profiles?limit=1')).statusCode).toBe(200);
    relay.pause();

    const write = await timed(
      api.app.inject({ method: 'POST', url: '/v1/profiles', payload: profileBody({ publicId }) }),
    );
    expect(write.result.statusCode).toBe(504);
    expect(write.result.json<Json>()).toMatchObject({
      code: 'OUTCOME_UNKNOWN',
      outcome: 'unknown',
    });
    expect(write.ms).toBeLessThan(REQUEST_TIMEOUT_MS);

    // The server wakes and applies what it was sent (the write's staged change event, or the
    // write itself): "unknown" was the true answer, "failed" would have been a guess. A retry
    // settles it either way: the profile exists once, created now or found already there.
    relay.resume();
    await until(async () => (await dependencyGauge(api)).mongo === 1, 5_000);
    const retry = await api.app.inject({
      method: 'POST',
      url: '/v1/profiles',
      payload: profileBody({ publicId }),
    });
    expect([201, 409]).toContain(retry.statusCode);
    expect((await api.app.inject(`/v1/profiles/${publicId}`)).statusCode).toBe(200);
  });
});

describe('Redis frozen (every byte held, as under SIGSTOP)', () => {
  let relay: TcpRelay;
  let api: ApiHarness;

  beforeEach(async () => {
    relay = await startRelay(process.env.SCOUT_TEST_REDIS_URL!);
    api = await startApiHarness({
      ...FAST_DEADLINES,
      REDIS_URL: `redis://127.0.0.1:${relay.port}/0`,
      METRICS_PORT: String(await freePort()),
      METRICS_HOST: '127.0.0.1',
    });
  });

  afterEach(async () => {
    relay.resume();
    await api.close();
    await relay.close();
  });

  it('PATCH answers within its deadlines with what was applied, and nothing is applied after Redis wakes', async () => {
    const created = (
      await api.app.inject({ method: 'POST', url: '/v1/profiles', payload: profileBody() })
    ).json<Created>();
    relay.pause();

    const answers: Array<{ status: number; headline: unknown; ms: number }> = [];
    for (let i = 1; i <= 5; i++) {
      const patch = await timed(
        api.app.inject({
          method: 'PATCH',
          url: `/v1/profiles/${created.id}`,
          payload: { headline: `Headline ${i}` },
        }),
      );
      answers.push({
        status: patch.result.statusCode,
        headline: patch.result.json<Json>().headline,
        ms: patch.ms,
      });
    }
    for (const [i, answer] of answers.entries()) {
      expect(answer).toMatchObject({ status: 200, headline: `Headline ${i + 1}` });
      expect(answer.ms).toBeLessThan(2_000);
    }
    // After two lock timeouts Redis counts as down: the later writes do not wait on it at all.
    expect(Math.max(...answers.slice(2).map((a) => a.ms))).toBeLessThan(250);
    expect(await dependencyGauge(api)).toEqual({ mongo: 1, redis: 0 });
    expect((await api.app.inject('/health/ready')).statusCode).toBe(503);

    const mongo = new MongoClient(api.config.mongo.uri);
    try {
      const stored = async (): Promise<unknown> =>
        (await mongo.db().collection('profiles').findOne({ publicId: created.publicId }))?.headline;
      expect(await stored()).toBe('Headline 5');
      relay.resume();
      await until(async () => (await dependencyGauge(api)).redis === 1, 3_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await stored()).toBe('Headline 5');
    } finally {
      await mongo.close();
    }
    const after = await api.app.inject(`/v1/profiles/${created.id}`);
    expect(after.json<Json>().headline).toBe('Headline 5');
  });
});

describe('Redis frozen, found by a readiness ping', () => {
  it("closes the Redis gate; uncached reads then skip the cache's Redis instead of waiting for it", async () => {
    const relay = await startRelay(process.env.SCOUT_TEST_REDIS_URL!);
    const api = await startApiHarness({
      ...FAST_DEADLINES,
      REDIS_URL: `redis://127.0.0.1:${relay.port}/0`,
      // Long enough that a read which still asked Redis would show it.
      CACHE_REDIS_TIMEOUT_MS: '1500',
      METRICS_PORT: String(await freePort()),
      METRICS_HOST: '127.0.0.1',
    });
    try {
      const created = (
        await api.app.inject({ method: 'POST', url: '/v1/profiles', payload: profileBody() })
      ).json<Created>();
      relay.pause();

      expect((await api.app.inject('/health/ready')).statusCode).toBe(503);
      expect(await dependencyGauge(api)).toEqual({ mongo: 1, redis: 0 });
      const read = await timed(api.app.inject(`/v1/profiles/${created.id}`));
      expect(read.result.statusCode).toBe(200);
      expect(read.ms).toBeLessThan(750);

      relay.resume();
      await until(async () => (await dependencyGauge(api)).redis === 1, 3_000);
      expect((await api.app.inject('/health/ready')).statusCode).toBe(200);
    } finally {
      relay.resume();
      await api.close();
      await relay.close();
    }
  });
});

describe('Idempotency-Key on profile and company writes', () => {
  let relay: TcpRelay;
  let api: ApiHarness;

  beforeEach(async () => {
    relay = await startRelay(process.env.SCOUT_TEST_MONGODB_URI!);
    api = await startApiHarness(
      {
        ...FAST_DEADLINES,
        MONGODB_URI: `mongodb://127.0.0.1:${relay.port}/scout_idempotency_${Date.now()}`,
        // Command monitoring on, so a test can freeze MongoDB exactly as a write is sent.
        SLOW_MONGO_COMMAND_MS: '60000',
      },
      { syncIndexes: true },
    );
  });

  afterEach(async () => {
    relay.resume();
    await api.close();
    await relay.close();
  });

  const withKey = (key: string) => ({ 'idempotency-key': key });

  /**
   * Sends a keyed request again while it is answered 409 (an attempt still holds the key: the
   * mark of the frozen attempt may reach MongoDB only after the retry, or never, until the
   * attempt's lease passes), as a client honouring `Retry-After` would.
   */
  const retryWhileBusy = async (request: InjectOptions): Promise<LightResponse> => {
    for (;;) {
      const response = await api.app.inject(request);
      if (response.statusCode !== 409 || response.json<Json>().code !== 'CONFLICT') return response;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };

  /** Freezes MongoDB once, the moment `command` on `collection` is sent (reads before it work). */
  const freezeOn = (command: string, collection: string): void => {
    const client = api.app.get<Connection>(getConnectionToken()).getClient();
    const listener = (event: mongo.CommandStartedEvent): void => {
      if (event.commandName !== command || event.command[command] !== collection) return;
      relay.pause();
      client.off('commandStarted', listener);
    };
    client.on('commandStarted', listener);
  };

  it('a create that succeeded is answered 201 even when storing its answer then fails', async () => {
    const body = profileBody();
    // The gate closing between the write and the key's record, as MongoDB freezing there does.
    const complete = jest
      .spyOn(api.app.get(IdempotencyStore), 'complete')
      .mockRejectedValueOnce(
        new DomainError(ErrorCode.DependencyUnavailable, 'The database is unavailable.'),
      );
    const created = await api.app.inject({
      method: 'POST',
      url: '/v1/profiles',
      headers: withKey('create-stored-late'),
      payload: body,
    });
    expect(complete).toHaveBeenCalledTimes(1);
    complete.mockRestore();
    expect(created.statusCode).toBe(201);
    const read = await api.app.inject({
      method: 'GET',
      url: `/v1/profiles/${String(body.publicId)}`,
    });
    expect(read.statusCode).toBe(200);
  });

  it('a create whose outcome was unknown, retried with its key, returns the profile it made', async () => {
    const body = profileBody();
    freezeOn('insert', 'profiles');
    const first = await api.app.inject({
      method: 'POST',
      url: '/v1/profiles',
      headers: withKey('create-1'),
      payload: body,
    });
    expect(first.statusCode).toBe(504);
    expect(first.json<Json>()).toMatchObject({ code: 'OUTCOME_UNKNOWN', outcome: 'unknown' });
    relay.resume();
    await until(
      async () =>
        (await api.app.inject(`/v1/profiles/${String(body.publicId)}`)).statusCode === 200,
      5_000,
    );

    // Without the key the client could only learn "conflict"; with it, the true result.
    const blind = await api.app.inject({ method: 'POST', url: '/v1/profiles', payload: body });
    expect(blind.json<Json>().code).toBe('DUPLICATE_KEY');
    const retry = await retryWhileBusy({
      method: 'POST',
      url: '/v1/profiles',
      headers: withKey('create-1'),
      payload: body,
    });
    expect(retry.statusCode).toBe(201);
    const stored = (await api.app.inject(`/v1/profiles/${String(body.publicId)}`)).json<Created>();
    expect(retry.json<Created>().id).toBe(stored.id);
    expect(retry.headers.location).toBe(`/v1/profiles/${stored.id}`);

    const replay = await api.app.inject({
      method: 'POST',
      url: '/v1/profiles',
      headers: withKey('create-1'),
      payload: body,
    });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json<Created>().id).toBe(stored.id);
  });

  it('a create with another body is not adopted: a different profile under the publicId stays a conflict', async () => {
    const body = profileBody();
    freezeOn('insert', 'profiles');
    const first = await api.app.inject({
      method: 'POST',
      url: '/v1/profiles',
      headers: withKey('create-2'),
      payload: body,
    });
    expect(first.statusCode).toBe(504);
    relay.resume();
    await until(
      async () =>
        (await api.app.inject(`/v1/profiles/${String(body.publicId)}`)).statusCode === 200,
      5_000,
    );
    // Someone else changes the profile before the retry: it is no longer this create's result.
    await api.app.inject({
      method: 'PATCH',
      url: `/v1/profiles/${String(body.publicId)}`,
      payload: { headline: 'Changed by someone else' },
    });
    const retry = await retryWhileBusy({
      method: 'POST',
      url: '/v1/profiles',
      headers: withKey('create-2'),
      payload: body,
    });
    expect(retry.statusCode).toBe(409);
    expect(retry.json<Json>().code).toBe('DUPLICATE_KEY');
  });

  it('a PATCH is applied once: replays return the first answer, another body with the key is 422', async () => {
    const created = (
      await api.app.inject({ method: 'POST', url: '/v1/profiles', payload: profileBody() })
    ).json<Created & { version: number }>();
    const patch = { method: 'PATCH' as const, url: `/v1/profiles/${created.id}` };
    const first = await api.app.inject({
      ...patch,
      headers: withKey('patch-1'),
      payload: { headline: 'Once' },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json<Json>().version).toBe(created.version + 1);
    // Someone else writes in between; the replay still answers what the keyed request did.
    await api.app.inject({ ...patch, payload: { headline: 'Later' } });
    const replay = await api.app.inject({
      ...patch,
      headers: withKey('patch-1'),
      payload: { headline: 'Once' },
    });
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());
    expect(replay.headers.etag).toBe(first.headers.etag);
    const current = (await api.app.inject(`/v1/profiles/${created.id}`)).json<Json>();
    expect(current).toMatchObject({ headline: 'Later', version: created.version + 2 });

    const reused = await api.app.inject({
      ...patch,
      headers: withKey('patch-1'),
      payload: { headline: 'Twice' },
    });
    expect(reused.statusCode).toBe(422);
    expect(reused.json<Json>().code).toBe('IDEMPOTENCY_KEY_REUSED');

    const malformed = await api.app.inject({
      ...patch,
      headers: withKey('not a key!'),
      payload: { headline: 'Twice' },
    });
    expect(malformed.statusCode).toBe(400);
  });

  it('a failed write frees its key; a DELETE whose outcome was unknown is 204 on retry', async () => {
    const company = (
      await api.app.inject({ method: 'POST', url: '/v1/companies', payload: companyBody() })
    ).json<Created>();
    const missing = await api.app.inject({
      method: 'DELETE',
      url: '/v1/profiles/nobody-here',
      headers: withKey('delete-0'),
    });
    expect(missing.statusCode).toBe(404);
    expect(
      (
        await api.app.inject({
          method: 'DELETE',
          url: '/v1/profiles/nobody-here',
          headers: withKey('delete-0'),
        })
      ).statusCode,
    ).toBe(404);

    freezeOn('findAndModify', 'companies');
    const first = await api.app.inject({
      method: 'DELETE',
      url: `/v1/companies/${company.id}`,
      headers: withKey('delete-1'),
    });
    expect(first.statusCode).toBe(504);
    expect(first.json<Json>().outcome).toBe('unknown');
    relay.resume();
    await until(async () => (await dependencyGauge(api)).mongo !== 0, 3_000);
    const retry = await retryWhileBusy({
      method: 'DELETE',
      url: `/v1/companies/${company.id}`,
      headers: withKey('delete-1'),
    });
    expect(retry.statusCode).toBe(204);
    expect((await api.app.inject(`/v1/companies/${company.id}`)).statusCode).toBe(404);
  });
});
