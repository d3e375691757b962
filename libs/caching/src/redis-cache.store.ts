import { Injectable } from '@nestjs/common';
import { Cluster } from 'ioredis';
import { AppConfig } from '@scout/config';
import { DependencyMonitor, RedisClientFactory, type RedisConnection } from '@scout/database';
import { decodeEntry, type CacheEntry } from './cache-entry';
import { CacheInvalidationBus } from './cache-invalidation.bus';
import { CacheStats } from './cache-stats';
import {
  CACHE_INVALIDATION_CHANNEL,
  GENERATION_TTL_MS,
  generationRedisKey,
  valueRedisKey,
} from './caching.constants';
import { ThrottledLogger } from '@scout/observability';
import { withTimeout } from './with-timeout';

/** An L2 lookup: the entry, if any, and the key's generation at the time of the read. */
export interface L2Read {
  entry: CacheEntry | undefined;
  /** Opaque; pass it back to {@link RedisCacheStore.write}. */
  generation: string;
}

/**
 * Writes an entry only if the key's generation is still the one the load started under, so a
 * load that overlapped an invalidation (in any process) cannot put its outdated result back.
 * KEYS: value, generation. ARGV: expected generation, payload, expiry ms.
 */
const WRITE_SCRIPT = `
if (redis.call('GET', KEYS[2]) or '') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

/**
 * Deletes entries, bumps their generations and announces the keys (unless the channel is empty),
 * atomically, in one round trip. KEYS: value, generation pairs. ARGV: generation expiry ms,
 * channel, message.
 */
const INVALIDATE_SCRIPT = `
for i = 1, #KEYS, 2 do
  redis.call('UNLINK', KEYS[i])
  redis.call('INCR', KEYS[i + 1])
  redis.call('PEXPIRE', KEYS[i + 1], ARGV[1])
end
if ARGV[2] ~= '' then redis.call('PUBLISH', ARGV[2], ARGV[3]) end
return #KEYS / 2`;

/** Keys per invalidation script call, to keep each call short for Redis. */
const INVALIDATE_BATCH = 200;

/** Invalidations that failed while Redis was away, replayed when it is back; bounded. */
const MAX_PENDING_INVALIDATIONS = 10_000;

/**
 * L2: cache entries in Redis, under the cache prefix, through a client of its own whose every
 * call is bounded by `cache.redisTimeoutMs`. Nothing here throws: a failed or slow call counts an
 * `l2` error, logs at a bounded rate and reads as "no answer", so the cache carries on with L1
 * and the loader. While Redis is known to be down (the database lib's dependency gate) no call
 * is tried at all, so requests do not each spend the timeout. Invalidations that could not reach
 * Redis are retried once it is back (reconnected, or the gate reopened), so a write during an
 * outage does not leave an outdated L2 entry for its whole TTL.
 */
@Injectable()
export class RedisCacheStore {
  private client: RedisConnection | undefined;
  private readonly timeoutMs: number;
  private readonly pending = new Set<string>();

  constructor(
    private readonly factory: RedisClientFactory,
    config: AppConfig,
    private readonly bus: CacheInvalidationBus,
    private readonly stats: CacheStats,
    private readonly warnings: ThrottledLogger,
    private readonly dependencies: DependencyMonitor,
  ) {
    this.timeoutMs = config.cache.redisTimeoutMs;
    dependencies.redis.onChange((up) => {
      if (up && this.connected) void this.replayPending();
    });
  }

  /**
   * Opens the cache's Redis connection, the first time the cache is switched on; a process
   * whose cache is never on never connects.
   */
  start(): void {
    if (this.client) return;
    const client = this.factory.create('cache', { commandTimeout: this.timeoutMs });
    client.on('ready', () => void this.replayPending());
    this.client = client;
  }

  /** Whether {@link start} ran: from then on invalidations always reach Redis. */
  get started(): boolean {
    return this.client !== undefined;
  }

  get connected(): boolean {
    return this.client?.status === 'ready';
  }

  /** The entry and generation of `key`, or `undefined` when Redis did not answer. */
  async read(key: string, namespace: string): Promise<L2Read | undefined> {
    const reply = await this.call('read', namespace, (client) =>
      client.mget(valueRedisKey(key), generationRedisKey(key)),
    );
    if (!reply) return undefined;
    const [raw, generation] = reply;
    return {
      entry: typeof raw === 'string' ? decodeEntry(raw) : undefined,
      generation: generation ?? '',
    };
  }

  /** Stores `payload` for `expiryMs` unless `key` was invalidated since `generation` was read. */
  async write(
    key: string,
    namespace: string,
    payload: string,
    expiryMs: number,
    generation: string,
  ): Promise<void> {
    await this.call('write', namespace, (client) =>
      client.eval(
        WRITE_SCRIPT,
        2,
        valueRedisKey(key),
        generationRedisKey(key),
        generation,
        payload,
        Math.max(1, Math.ceil(expiryMs)),
      ),
    );
  }

  /** Deletes `keys` in Redis and tells every process; remembers them for a retry on failure. */
  async invalidate(keys: string[]): Promise<void> {
    for (let start = 0; start < keys.length; start += INVALIDATE_BATCH) {
      const batch = keys.slice(start, start + INVALIDATE_BATCH);
      const done = await this.call('invalidate', undefined, (client) =>
        this.invalidateBatch(client, batch),
      );
      if (done === undefined) {
        // Redis is away or slow: do not spend another timeout on each remaining batch.
        this.remember(keys.slice(start));
        return;
      }
    }
  }

  private async invalidateBatch(client: RedisConnection, batch: string[]): Promise<number> {
    const message = this.bus.encode(batch);
    if (!(client instanceof Cluster)) {
      const redisKeys = batch.flatMap((key) => [valueRedisKey(key), generationRedisKey(key)]);
      return (await client.eval(
        INVALIDATE_SCRIPT,
        redisKeys.length,
        ...redisKeys,
        GENERATION_TTL_MS,
        CACHE_INVALIDATION_CHANNEL,
        message,
      )) as number;
    }
    // On a cluster one script may touch one slot only: each entry's pair shares a slot (hash
    // tag), so entries go one call each, and the announcement follows once all are gone.
    await Promise.all(
      batch.map((key) =>
        client.eval(
          INVALIDATE_SCRIPT,
          2,
          valueRedisKey(key),
          generationRedisKey(key),
          GENERATION_TTL_MS,
          '',
          '',
        ),
      ),
    );
    await client.publish(CACHE_INVALIDATION_CHANNEL, message);
    return batch.length;
  }

  private remember(keys: string[]): void {
    for (const key of keys) {
      this.pending.delete(key);
      this.pending.add(key);
    }
    let dropped = 0;
    for (const oldest of this.pending) {
      if (this.pending.size <= MAX_PENDING_INVALIDATIONS) break;
      this.pending.delete(oldest);
      dropped += 1;
    }
    if (dropped > 0) {
      this.warnings.warn(
        { dropped },
        'too many invalidations waiting for Redis; the oldest will expire by TTL instead',
      );
    }
  }

  private async replayPending(): Promise<void> {
    if (this.pending.size === 0) return;
    const keys = [...this.pending];
    this.pending.clear();
    await this.invalidate(keys);
  }

  private async call<T>(
    op: string,
    namespace: string | undefined,
    command: (client: RedisConnection) => Promise<T>,
  ): Promise<T | undefined> {
    const client = this.client;
    if (!client) return undefined;
    try {
      // Without a connection ioredis would reject at once anyway (no offline queue); saying so
      // here keeps the log line meaningful.
      if (client.status !== 'ready') throw new Error(`not connected (${client.status})`);
      if (!this.dependencies.redis.up) throw new Error('known to be down');
      return await withTimeout(command(client), this.timeoutMs, `redis ${op}`);
    } catch (error) {
      this.stats.record('l2', 'errors', namespace);
      this.warnings.warn(
        { op, errName: (error as Error).name, errMessage: (error as Error).message },
        'cache is running on L1 only: a Redis call failed',
      );
      return undefined;
    }
  }
}
