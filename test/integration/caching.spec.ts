import { randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { ConsoleLogger } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Redis } from 'ioredis';
import {
  CACHE_INVALIDATION_CHANNEL,
  CacheService,
  CacheStats,
  CachingModule,
  type CachePolicy,
  type CacheStatsSnapshot,
  generationRedisKey,
  valueRedisKey,
} from '@scout/caching';
import { DomainError, ErrorCode } from '@scout/common';
import { ConfigModule } from '@scout/config';
import { DatabaseModule, REDIS_CLIENT } from '@scout/database';
import { freePort } from '../support/app-process';
import { testConfig } from '../support/test-env';

jest.setTimeout(30_000);

/** One app instance's cache, as a process would have it. */
interface CacheInstance {
  module: TestingModule;
  cache: CacheService;
  stats: CacheStats;
  redis: Redis;
  close(): Promise<void>;
}

const open: CacheInstance[] = [];

/**
 * Boots the cache as an app would. Unless told not to, waits until Redis is connected and the
 * invalidation subscription is live, as a process that has been up for a moment would be.
 */
async function startInstance(
  overrides: Record<string, string> = {},
  { waitForRedis = true } = {},
): Promise<CacheInstance> {
  const config = testConfig({ CACHE_TTL_JITTER_PERCENT: '0', ...overrides });
  const module = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(config), DatabaseModule, CachingModule],
  })
    // Outage tests make Redis clients warn on purpose; keep the output for real errors.
    .setLogger(new ConsoleLogger({ logLevels: ['error'] }))
    .compile();
  await module.init();
  const instance: CacheInstance = {
    module,
    cache: module.get(CacheService),
    stats: module.get(CacheStats),
    redis: module.get<Redis>(REDIS_CLIENT),
    close: async () => {
      open.splice(open.indexOf(instance), 1);
      await module.close();
    },
  };
  open.push(instance);
  if (waitForRedis && instance.cache.enabled) {
    await eventually(
      () =>
        instance.redis.status === 'ready' &&
        instance.cache.l2Available &&
        instance.cache.receivingInvalidations,
    );
  }
  return instance;
}

afterEach(async () => {
  await Promise.all([...open].map((instance) => instance.close()));
});

const uniqueKey = (name: string): string => `test:${name}:${randomBytes(6).toString('hex')}`;

const policy = (overrides: Partial<CachePolicy> = {}): CachePolicy => ({
  namespace: 'test',
  ttlMs: 60_000,
  ...overrides,
});

/** A loader that counts its calls and returns what `next` says. */
function countingLoader<T>(next: (call: number) => T | null | Promise<T | null>): {
  load: () => Promise<T | null>;
  calls: () => number;
} {
  let calls = 0;
  return {
    load: async () => {
      calls += 1;
      return next(calls);
    },
    calls: () => calls,
  };
}

function delta(before: CacheStatsSnapshot, after: CacheStatsSnapshot) {
  const ns = (s: CacheStatsSnapshot) =>
    s.namespaces.test ?? {
      l1: { hits: 0, misses: 0, stale: 0, errors: 0 },
      l2: { hits: 0, misses: 0, stale: 0, errors: 0 },
      loads: 0,
    };
  const [a, b] = [ns(before), ns(after)];
  return {
    l1: {
      hits: b.l1.hits - a.l1.hits,
      misses: b.l1.misses - a.l1.misses,
      stale: b.l1.stale - a.l1.stale,
    },
    l2: {
      hits: b.l2.hits - a.l2.hits,
      misses: b.l2.misses - a.l2.misses,
      stale: b.l2.stale - a.l2.stale,
      errors: b.l2.errors - a.l2.errors,
    },
    loads: b.loads - a.loads,
    totalL2Errors: after.l2.errors - before.l2.errors,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(20);
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * A TCP relay in front of the test Redis that can stop answering (Redis "slow") or cut every
 * connection and refuse new ones (Redis "down"), then come back on the same port.
 */
async function startRelay() {
  const target = new URL(process.env.SCOUT_TEST_REDIS_URL!);
  const port = await freePort();
  const sockets = new Set<Socket>();
  let stalled = false;
  let server: Server | undefined;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(Number(target.port), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.on('data', (chunk) => upstream.write(chunk));
        upstream.on('data', (chunk) => {
          if (!stalled) client.write(chunk);
        });
      });
      server.listen(port, '127.0.0.1', () => resolve());
    });
  await listen();
  return {
    url: `redis://127.0.0.1:${port}/0`,
    stall: () => {
      stalled = true;
    },
    cut: async () => {
      await new Promise<void>((resolve) => {
        server?.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
    restore: listen,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) =>
        server?.listening ? server.close(() => resolve()) : resolve(),
      );
    },
  };
}

describe('CacheService against real Redis', () => {
  it('serves the second read from cache: the loader runs once', async () => {
    const { cache, stats } = await startInstance();
    const key = uniqueKey('read');
    const loader = countingLoader(() => ({ name: 'Ada', skills: ['math'] }));
    const before = stats.snapshot();

    const first = await cache.getOrLoad(key, loader.load, policy());
    const second = await cache.getOrLoad(key, loader.load, policy());

    expect(loader.calls()).toBe(1);
    expect(first).toEqual({ name: 'Ada', skills: ['math'] });
    expect(second).toEqual(first);
    const d = delta(before, stats.snapshot());
    expect(d.l1).toEqual({ hits: 1, misses: 1, stale: 0 });
    expect(d.l2.misses).toBe(1);
    expect(d.loads).toBe(1);
  });

  it('hands out the JSON form, frozen, on every path', async () => {
    const { cache } = await startInstance();
    const key = uniqueKey('shape');
    const at = new Date('2024-05-06T07:08:09.000Z');
    const value = await cache.getOrLoad(key, async () => ({ at }), policy());
    expect(value).toEqual({ at: '2024-05-06T07:08:09.000Z' });
    expect(Object.isFrozen(value)).toBe(true);
  });

  it('writes L2 under the cache prefix with an expiry of ttl + grace, and shares it', async () => {
    const a = await startInstance({ CACHE_STALE_GRACE_MS: '30000' });
    const b = await startInstance({ CACHE_STALE_GRACE_MS: '30000' });
    const key = uniqueKey('l2');
    await a.cache.getOrLoad(key, async () => ({ v: 1 }), policy({ ttlMs: 10_000 }));

    expect(await a.redis.exists(key)).toBe(0);
    const stored = valueRedisKey(key);
    expect(await a.redis.exists(stored)).toBe(1);
    const pttl = await a.redis.pttl(stored);
    expect(pttl).toBeGreaterThan(39_000);
    expect(pttl).toBeLessThanOrEqual(40_000);

    const loaderB = countingLoader(() => ({ v: 2 }));
    const before = b.stats.snapshot();
    expect(await b.cache.getOrLoad(key, loaderB.load, policy({ ttlMs: 10_000 }))).toEqual({ v: 1 });
    expect(loaderB.calls()).toBe(0);
    expect(delta(before, b.stats.snapshot()).l2.hits).toBe(1);
  });

  it('keeps L1 bounded; an entry evicted from L1 is still served from L2', async () => {
    const { cache, stats } = await startInstance({ CACHE_L1_MAX_ENTRIES: '2' });
    const keys = [uniqueKey('lru'), uniqueKey('lru'), uniqueKey('lru')];
    const loader = countingLoader((call) => ({ call }));
    for (const key of keys) await cache.getOrLoad(key, loader.load, policy());

    const before = stats.snapshot();
    expect(await cache.getOrLoad(keys[0], loader.load, policy())).toEqual({ call: 1 });
    expect(await cache.getOrLoad(keys[0], loader.load, policy())).toEqual({ call: 1 });
    expect(loader.calls()).toBe(3);
    const d = delta(before, stats.snapshot());
    expect(d.l1).toEqual({ hits: 1, misses: 1, stale: 0 });
    expect(d.l2.hits).toBe(1);
  });

  it('runs the loader once for 100 concurrent misses, and gives every caller the result', async () => {
    const { cache, stats } = await startInstance();
    const key = uniqueKey('flight');
    const loader = countingLoader(async () => {
      await sleep(30);
      return { n: 42 };
    });
    const before = stats.snapshot();

    const results = await Promise.all(
      Array.from({ length: 100 }, () => cache.getOrLoad(key, loader.load, policy())),
    );

    expect(loader.calls()).toBe(1);
    expect(results.every((r) => r !== null && r.n === 42)).toBe(true);
    const d = delta(before, stats.snapshot());
    expect(d.loads).toBe(1);
    expect(d.l1.misses).toBe(100);
    expect(d.l2.misses).toBe(1);
  });

  it('gives 100 concurrent callers the same error from one failed load', async () => {
    const { cache } = await startInstance();
    const key = uniqueKey('flight-error');
    const failure = new DomainError(
      ErrorCode.DependencyUnavailable,
      'The database is unavailable.',
    );
    const loader = countingLoader<{ n: number }>(async () => {
      await sleep(30);
      throw failure;
    });

    const outcomes = await Promise.allSettled(
      Array.from({ length: 100 }, () => cache.getOrLoad(key, loader.load, policy())),
    );

    expect(loader.calls()).toBe(1);
    for (const outcome of outcomes) {
      expect(outcome).toEqual({ status: 'rejected', reason: failure });
      expect((outcome as PromiseRejectedResult).reason).toBe(failure);
    }
  });

  it('invalidating through one instance evicts the L1 of another within a second', async () => {
    const a = await startInstance();
    const b = await startInstance();
    const key = uniqueKey('cross');
    const loaderB = countingLoader((call) => ({ version: call }));

    expect(await b.cache.getOrLoad(key, loaderB.load, policy())).toEqual({ version: 1 });
    expect(await b.cache.getOrLoad(key, loaderB.load, policy())).toEqual({ version: 1 });
    expect(loaderB.calls()).toBe(1);

    const started = Date.now();
    await a.cache.invalidate([key]);
    let latest: { version: number } | null = null;
    await eventually(async () => {
      latest = await b.cache.getOrLoad(key, loaderB.load, policy());
      return loaderB.calls() === 2;
    }, 1_000);

    expect(Date.now() - started).toBeLessThan(1_000);
    expect(latest).toEqual({ version: 2 });
  });

  it('ignores malformed invalidation messages and keeps working', async () => {
    const { cache, stats, redis } = await startInstance();
    const key = uniqueKey('malformed');
    const loader = countingLoader(() => ({ ok: true }));
    await cache.getOrLoad(key, loader.load, policy());
    const before = stats.snapshot();

    await redis.publish(CACHE_INVALIDATION_CHANNEL, 'not json');
    await redis.publish(CACHE_INVALIDATION_CHANNEL, JSON.stringify({ origin: 'x', keys: [1] }));
    await eventually(() => stats.snapshot().l2.errors - before.l2.errors === 2);

    expect(await cache.getOrLoad(key, loader.load, policy())).toEqual({ ok: true });
    expect(loader.calls()).toBe(1);
  });

  it('caches "not found" briefly and forgets it on invalidate', async () => {
    const { cache } = await startInstance();
    const key = uniqueKey('negative');
    let exists = false;
    const loader = countingLoader(() => (exists ? { created: true } : null));

    expect(await cache.getOrLoad(key, loader.load, policy({ negativeTtlMs: 10_000 }))).toBeNull();
    expect(await cache.getOrLoad(key, loader.load, policy({ negativeTtlMs: 10_000 }))).toBeNull();
    expect(loader.calls()).toBe(1);

    exists = true;
    await cache.invalidate([key]);
    expect(await cache.getOrLoad(key, loader.load, policy({ negativeTtlMs: 10_000 }))).toEqual({
      created: true,
    });
    expect(loader.calls()).toBe(2);
  });

  it('keeps "not found" only for the negative TTL, in L1 and in L2', async () => {
    const a = await startInstance({ CACHE_NEGATIVE_TTL_MS: '150' });
    const b = await startInstance({ CACHE_NEGATIVE_TTL_MS: '150' });
    const key = uniqueKey('negative-ttl');
    const loaderA = countingLoader(() => null);
    const loaderB = countingLoader(() => null);

    expect(await a.cache.getOrLoad(key, loaderA.load, policy())).toBeNull();
    expect(await b.cache.getOrLoad(key, loaderB.load, policy())).toBeNull();
    expect(loaderB.calls()).toBe(0);

    await sleep(200);
    expect(await a.cache.getOrLoad(key, loaderA.load, policy())).toBeNull();
    expect(loaderA.calls()).toBe(2);
  });

  describe('fail-safe', () => {
    const shortTtl = policy({ ttlMs: 50 });
    const failure = new DomainError(
      ErrorCode.DependencyUnavailable,
      'The database is unavailable.',
    );
    const failing = async (): Promise<{ v: number }> => {
      throw failure;
    };

    it('serves a recently expired value from L1 when the loader fails, until the grace is over', async () => {
      const { cache, stats } = await startInstance({ CACHE_STALE_GRACE_MS: '400' });
      const key = uniqueKey('stale-l1');
      await cache.getOrLoad(key, async () => ({ v: 1 }), shortTtl);
      await sleep(100);

      const before = stats.snapshot();
      expect(await cache.getOrLoad(key, failing, shortTtl)).toEqual({ v: 1 });
      expect(delta(before, stats.snapshot()).l1.stale).toBe(1);

      await sleep(450);
      await expect(cache.getOrLoad(key, failing, shortTtl)).rejects.toBe(failure);
    });

    it('serves a recently expired value from L2 to an instance that never had it', async () => {
      const a = await startInstance({ CACHE_STALE_GRACE_MS: '2000' });
      const b = await startInstance({ CACHE_STALE_GRACE_MS: '2000' });
      const key = uniqueKey('stale-l2');
      await a.cache.getOrLoad(key, async () => ({ v: 7 }), shortTtl);
      await sleep(100);

      const before = b.stats.snapshot();
      expect(await b.cache.getOrLoad(key, failing, shortTtl)).toEqual({ v: 7 });
      const d = delta(before, b.stats.snapshot());
      expect(d.l2.stale).toBe(1);
      expect(d.loads).toBe(1);
    });

    it('a fresh load replaces the stale value once the loader works again', async () => {
      const { cache } = await startInstance({ CACHE_STALE_GRACE_MS: '2000' });
      const key = uniqueKey('stale-recover');
      await cache.getOrLoad(key, async () => ({ v: 1 }), shortTtl);
      await sleep(100);
      expect(await cache.getOrLoad(key, failing, shortTtl)).toEqual({ v: 1 });
      expect(await cache.getOrLoad(key, async () => ({ v: 2 }), shortTtl)).toEqual({ v: 2 });
    });

    it('rethrows the loader error unchanged when nothing was cached', async () => {
      const { cache } = await startInstance();
      await expect(cache.getOrLoad(uniqueKey('nothing'), failing, shortTtl)).rejects.toBe(failure);
    });

    it('does not serve an invalidated value as stale', async () => {
      const { cache } = await startInstance({ CACHE_STALE_GRACE_MS: '5000' });
      const key = uniqueKey('stale-invalidated');
      await cache.getOrLoad(key, async () => ({ v: 1 }), shortTtl);
      await cache.invalidate([key]);
      await expect(cache.getOrLoad(key, failing, shortTtl)).rejects.toBe(failure);
    });
  });

  describe('invalidation during a load', () => {
    it('returns the old result to its caller but does not cache it', async () => {
      const a = await startInstance();
      const b = await startInstance();
      const key = uniqueKey('race');
      const gate = deferred<{ version: string }>();
      const loaderA = countingLoader((call) => (call === 1 ? gate.promise : { version: 'new' }));

      const inFlight = a.cache.getOrLoad(key, loaderA.load, policy());
      await eventually(() => loaderA.calls() === 1);
      await a.cache.invalidate([key]);

      // A caller arriving after the invalidation does not join the outdated load.
      expect(await a.cache.getOrLoad(key, loaderA.load, policy())).toEqual({ version: 'new' });
      expect(loaderA.calls()).toBe(2);

      gate.resolve({ version: 'old' });
      expect(await inFlight).toEqual({ version: 'old' });
      await sleep(50);

      expect(await a.cache.getOrLoad(key, loaderA.load, policy())).toEqual({ version: 'new' });
      expect(loaderA.calls()).toBe(2);
      const loaderB = countingLoader(() => ({ version: 'b' }));
      expect(await b.cache.getOrLoad(key, loaderB.load, policy())).toEqual({ version: 'new' });
    });

    it('an invalidation from another process keeps an overlapping load out of L1 and L2', async () => {
      const a = await startInstance();
      const b = await startInstance();
      const key = uniqueKey('race-remote');
      const gate = deferred<{ version: string }>();
      const loaderA = countingLoader((call) => (call === 1 ? gate.promise : { version: 'new' }));

      const inFlight = a.cache.getOrLoad(key, loaderA.load, policy());
      await eventually(() => loaderA.calls() === 1);
      await b.cache.invalidate([key]);
      // Let the message reach A while its load is still running.
      await sleep(100);
      gate.resolve({ version: 'old' });
      expect(await inFlight).toEqual({ version: 'old' });

      expect(await a.cache.getOrLoad(key, loaderA.load, policy())).toEqual({ version: 'new' });
      expect(loaderA.calls()).toBe(2);
    });

    it('the Redis generation check stops an outdated write even if no message arrives', async () => {
      // L2 must not depend on pub/sub timing: bump the key's generation in Redis the way an
      // invalidation elsewhere does, without publishing, and the overlapping load must not write.
      const a = await startInstance();
      const b = await startInstance();
      const key = uniqueKey('race-generation');
      const gate = deferred<{ version: string }>();
      const loaderA = countingLoader(() => gate.promise);

      const inFlight = a.cache.getOrLoad(key, loaderA.load, policy());
      await eventually(() => loaderA.calls() === 1);
      // Bypass pub/sub: bump the generation as an invalidation elsewhere would, without telling A.
      const generationKey = generationRedisKey(key);
      await b.redis.incr(generationKey);
      await b.redis.pexpire(generationKey, 60_000);
      gate.resolve({ version: 'old' });
      expect(await inFlight).toEqual({ version: 'old' });

      const loaderB = countingLoader(() => ({ version: 'fresh' }));
      expect(await b.cache.getOrLoad(key, loaderB.load, policy())).toEqual({ version: 'fresh' });
      expect(loaderB.calls()).toBe(1);
    });
  });

  describe('when Redis is unreachable', () => {
    it('returns loader values quickly, keeps L1 working and counts errors', async () => {
      const port = await freePort();
      const { cache, stats } = await startInstance(
        { REDIS_URL: `redis://127.0.0.1:${port}/0` },
        { waitForRedis: false },
      );
      const before = stats.snapshot();
      const key = uniqueKey('down');
      const loader = countingLoader((call) => ({ call }));

      for (let i = 0; i < 5; i++) {
        const started = Date.now();
        const value = await cache.getOrLoad(`${key}:${i}`, loader.load, policy());
        expect(Date.now() - started).toBeLessThan(300);
        expect(value).toEqual({ call: i + 1 });
      }
      // L1 still works on its own.
      expect(await cache.getOrLoad(`${key}:0`, loader.load, policy())).toEqual({ call: 1 });
      expect(loader.calls()).toBe(5);

      const started = Date.now();
      await expect(cache.invalidate([`${key}:0`])).resolves.toBeUndefined();
      expect(Date.now() - started).toBeLessThan(300);
      // The invalidation still dropped the local copy.
      expect(await cache.getOrLoad(`${key}:0`, loader.load, policy())).toEqual({ call: 6 });

      const d = delta(before, stats.snapshot());
      expect(d.l2.errors).toBeGreaterThanOrEqual(6);
      expect(d.totalL2Errors).toBeGreaterThan(d.l2.errors);
      expect(cache.receivingInvalidations).toBe(false);
      expect(cache.l2Available).toBe(false);
    });

    it('bounds every Redis call by the timeout when Redis stops answering', async () => {
      const relay = await startRelay();
      try {
        const { cache, stats } = await startInstance({
          REDIS_URL: relay.url,
          CACHE_REDIS_TIMEOUT_MS: '100',
        });
        const key = uniqueKey('slow');
        await cache.getOrLoad(key, async () => ({ v: 1 }), policy());

        relay.stall();
        const before = stats.snapshot();
        const loader = countingLoader(() => ({ v: 2 }));
        for (let i = 0; i < 3; i++) {
          const started = Date.now();
          expect(await cache.getOrLoad(`${key}:${i}`, loader.load, policy())).toEqual({ v: 2 });
          expect(Date.now() - started).toBeLessThan(300);
        }
        const started = Date.now();
        await cache.invalidate([key]);
        expect(Date.now() - started).toBeLessThan(300);
        expect(delta(before, stats.snapshot()).totalL2Errors).toBeGreaterThanOrEqual(4);
      } finally {
        await Promise.all([...open].map((instance) => instance.close()));
        await relay.close();
      }
    });

    it('after a lost connection, drops L1 and replays invalidations it could not send', async () => {
      const relay = await startRelay();
      try {
        const direct = await startInstance();
        const relayed = await startInstance({ REDIS_URL: relay.url });
        const missed = uniqueKey('missed');
        const written = uniqueKey('written');
        const loaderR = countingLoader((call) => ({ call }));
        const loaderD = countingLoader((call) => ({ call }));
        await relayed.cache.getOrLoad(missed, loaderR.load, policy());
        await direct.cache.getOrLoad(written, loaderD.load, policy());

        await relay.cut();
        await eventually(() => !relayed.cache.receivingInvalidations);
        // The relayed instance misses this message...
        await direct.cache.invalidate([missed]);
        // ...and cannot send this one yet.
        await relayed.cache.invalidate([written]);
        expect(await direct.cache.getOrLoad(written, loaderD.load, policy())).toEqual({ call: 1 });

        await relay.restore();
        await eventually(() => relayed.cache.receivingInvalidations);
        expect(await relayed.cache.getOrLoad(missed, loaderR.load, policy())).toEqual({ call: 2 });
        await eventually(async () => {
          await direct.cache.getOrLoad(written, loaderD.load, policy());
          return loaderD.calls() === 2;
        });
      } finally {
        await Promise.all([...open].map((instance) => instance.close()));
        await relay.close();
      }
    });
  });

  it('peek answers synchronously from a fresh L1 entry only, and never loads', async () => {
    const a = await startInstance();
    const b = await startInstance();
    const key = uniqueKey('peek');
    expect(a.cache.peek(key, 'test')).toBeUndefined();
    await a.cache.getOrLoad(key, async () => ({ v: 1 }), policy({ ttlMs: 150 }));
    const before = a.stats.snapshot();
    expect(a.cache.peek(key, 'test')).toEqual({ v: 1 });
    expect(delta(before, a.stats.snapshot()).l1).toEqual({ hits: 1, misses: 0, stale: 0 });
    // Only this process's L1: b has the value in L2 but peek does not ask Redis.
    expect(b.cache.peek(key, 'test')).toBeUndefined();

    const missing = uniqueKey('peek-missing');
    await a.cache.getOrLoad(missing, async () => null, policy());
    expect(a.cache.peek(missing, 'test')).toBeNull();

    await sleep(200);
    expect(a.cache.peek(key, 'test')).toBeUndefined();
    await a.cache.getOrLoad(key, async () => ({ v: 2 }), policy());
    await b.cache.invalidate([key]);
    await eventually(() => a.cache.peek(key, 'test') === undefined, 1_000);

    const off = await startInstance({ CACHE_ENABLED: 'false' });
    await off.cache.getOrLoad(key, async () => ({ v: 3 }), policy());
    expect(off.cache.peek(key, 'test')).toBeUndefined();
  });

  it('is a pass-through when disabled', async () => {
    const { cache, stats } = await startInstance({ CACHE_ENABLED: 'false' });
    const key = uniqueKey('disabled');
    const loader = countingLoader((call) => ({ call }));
    const before = stats.snapshot();

    expect(cache.enabled).toBe(false);
    expect(await cache.getOrLoad(key, loader.load, policy())).toEqual({ call: 1 });
    expect(await cache.getOrLoad(key, loader.load, policy())).toEqual({ call: 2 });
    await expect(cache.invalidate([key])).resolves.toBeUndefined();
    expect(loader.calls()).toBe(2);
    expect(stats.snapshot()).toEqual(before);
    expect(cache.receivingInvalidations).toBe(false);
  });
});
