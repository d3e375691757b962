import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import { DomainError, ErrorCode } from '@scout/common';
import {
  REDIS_CLIENT,
  RedisClientFactory,
  TransactionRunner,
  translateRedisError,
} from '@scout/database';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { freePort } from '../support/app-process';
import { startRelay, type TcpRelay } from '../support/tcp-relay';

jest.setTimeout(30_000);

async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not met in time');
}

describe('database and redis infrastructure', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApiHarness();
  });

  afterAll(async () => {
    await api.close();
  });

  it('withTransaction runs the work and reports whether the server has transactions', async () => {
    const runner = api.app.get(TransactionRunner);
    const connection = api.app.get<Connection>(getConnectionToken());
    const supported = await runner.supportsTransactions();
    const hello = await connection.db!.admin().command({ hello: 1 });
    expect(supported).toBe(typeof hello.setName === 'string');

    const result = await runner.withTransaction(async (session) => {
      await connection.collection('tx_probe').insertOne({ n: 1 }, { session });
      await connection.collection('tx_probe').insertOne({ n: 2 }, { session });
      return 'done';
    });
    expect(result).toBe('done');
    expect(await connection.collection('tx_probe').countDocuments()).toBe(2);
  });

  it('the shared Redis client answers commands', async () => {
    const redis = api.app.get<Redis>(REDIS_CLIENT);
    await eventually(async () => redis.status === 'ready');
    await redis.set('scout:test:probe', 'v', 'PX', 5_000);
    expect(await redis.get('scout:test:probe')).toBe('v');
  });

  it('a Redis client for a closed port fails fast with a retryable 503, never hangs', async () => {
    const factory = api.app.get(RedisClientFactory);
    const port = await freePort();
    const client = factory.create('probe', { port, host: '127.0.0.1' });
    try {
      const started = Date.now();
      const error = await client.get('x').catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(1_000);
      const translated = translateRedisError(error);
      expect(translated).toBeInstanceOf(DomainError);
      expect(translated?.code).toBe(ErrorCode.DependencyUnavailable);
      expect(translated?.retryAfterSeconds).toBeGreaterThan(0);
    } finally {
      client.disconnect();
    }
  });
});

describe('an api that boots while MongoDB is away', () => {
  it('starts, reports mongo down, then recovers on its own when the server appears', async () => {
    const port = await freePort();
    const api = await startApiHarness({
      MONGODB_URI: `mongodb://127.0.0.1:${port}/scout_late`,
      MONGODB_SERVER_SELECTION_TIMEOUT_MS: '500',
    });
    let relay: TcpRelay | undefined;
    try {
      const down = await api.app.inject({ method: 'GET', url: '/health/ready' });
      expect(down.statusCode).toBe(503);

      const probe = await api.app.inject({
        method: 'GET',
        url: '/v1/test/probes/by-id/64b7f0c2a1b2c3d4e5f60718',
      });
      expect(probe.statusCode).toBe(503);
      expect(probe.json<{ code: string }>().code).toBe('DEPENDENCY_UNAVAILABLE');
      expect(probe.headers['retry-after']).toBeDefined();

      relay = await startRelay(process.env.SCOUT_TEST_MONGODB_URI!, port);
      await eventually(async () => {
        const ready = await api.app.inject({ method: 'GET', url: '/health/ready' });
        return ready.statusCode === 200;
      });
      const found = await api.app.inject({
        method: 'GET',
        url: '/v1/test/probes/by-id/64b7f0c2a1b2c3d4e5f60718',
      });
      expect(found.statusCode).toBe(200);
    } finally {
      await api.close();
      await relay?.close();
    }
  });
});
