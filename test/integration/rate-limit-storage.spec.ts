import { randomBytes } from 'node:crypto';
import { RedisClientFactory } from '@scout/database';
import { leaseSize, RateLimitStats, RedisThrottlerStorage } from '@scout/rate-limit';
import { startRelay } from '../support/tcp-relay';
import { testConfig } from '../support/test-env';

jest.setTimeout(30_000);

/** Waits until the storage's client is connected, so the first hits go to Redis. */
async function whenConnected(storage: RedisThrottlerStorage): Promise<void> {
  for (let i = 0; i < 200 && !storage.connected; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  expect(storage.connected).toBe(true);
}

describe('RedisThrottlerStorage', () => {
  it('counts atomically in Redis: concurrent hits on one key each get their own count', async () => {
    const config = testConfig();
    const factory = new RedisClientFactory(config);
    const stats = new RateLimitStats();
    const storage = new RedisThrottlerStorage(factory, config, stats);
    try {
      const key = `concurrent:${randomBytes(4).toString('hex')}`;
      await whenConnected(storage);
      const records = await Promise.all(
        Array.from({ length: 20 }, () => storage.increment(key, 60_000, 15)),
      );
      expect(records.map((r) => r.totalHits).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      expect(records.filter((r) => r.isBlocked)).toHaveLength(5);
      expect(stats.snapshot().fallbacks).toBe(0);
    } finally {
      await factory.onApplicationShutdown();
    }
  });

  it('falls back to process counters when Redis stops answering, still limiting', async () => {
    const relay = await startRelay(process.env.SCOUT_TEST_REDIS_URL!);
    const config = testConfig({
      REDIS_URL: `redis://127.0.0.1:${relay.port}/0`,
      RATE_LIMIT_REDIS_TIMEOUT_MS: '100',
    });
    const factory = new RedisClientFactory(config);
    const stats = new RateLimitStats();
    const storage = new RedisThrottlerStorage(factory, config, stats);
    try {
      const key = `stalled:${randomBytes(4).toString('hex')}`;
      await whenConnected(storage);
      expect(stats.snapshot().fallbacks).toBe(0);

      relay.pause();
      const records = [];
      for (let i = 0; i < 3; i++) records.push(await storage.increment(key, 60_000, 2));
      expect(records.map((r) => [r.totalHits, r.isBlocked])).toEqual([
        [1, false],
        [2, false],
        [3, true],
      ]);
      expect(stats.snapshot().fallbacks).toBe(3);
    } finally {
      await factory.onApplicationShutdown();
      await relay.close();
    }
  });

  it('takes hits from Redis in leases for large limits: fewer round trips, same count', async () => {
    const config = testConfig();
    const factory = new RedisClientFactory(config);
    const storage = new RedisThrottlerStorage(factory, config, new RateLimitStats());
    const redis = factory.create('rate-limit-probe');
    try {
      const key = `lease:${randomBytes(4).toString('hex')}`;
      const shared = `${config.app.name}:ratelimit:${key}`;
      await whenConnected(storage);
      expect(leaseSize(600)).toBe(12);
      const first = await storage.increment(key, 60_000, 600);
      expect(first).toMatchObject({ totalHits: 1, isBlocked: false });
      expect(await redis.get(shared)).toBe('12');
      const next = [];
      for (let i = 0; i < 12; i++) next.push((await storage.increment(key, 60_000, 600)).totalHits);
      expect(next).toEqual(Array.from({ length: 12 }, (_, i) => i + 2));
      expect(await redis.get(shared)).toBe('24');
    } finally {
      await factory.onApplicationShutdown();
    }
  });

  it('never admits more than the limit across processes sharing a key', async () => {
    const config = testConfig();
    const factories = [new RedisClientFactory(config), new RedisClientFactory(config)];
    const storages = factories.map(
      (factory) => new RedisThrottlerStorage(factory, config, new RateLimitStats()),
    );
    try {
      const key = `shared:${randomBytes(4).toString('hex')}`;
      await Promise.all(storages.map(whenConnected));
      const limit = 300;
      let admitted = 0;
      for (let i = 0; i < 2 * limit; i++) {
        const storage = storages[i % 2];
        const hits = await Promise.all([
          storage.increment(key, 60_000, limit),
          storage.increment(key, 60_000, limit),
        ]);
        admitted += hits.filter((record) => !record.isBlocked).length;
      }
      // At most one unused lease per process goes to waste.
      expect(admitted).toBeLessThanOrEqual(limit);
      expect(admitted).toBeGreaterThanOrEqual(limit - 2 * (leaseSize(limit) - 1));
    } finally {
      await Promise.all(factories.map((factory) => factory.onApplicationShutdown()));
    }
  });
});
