import { Injectable, Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { AppConfig } from '@scout/config';
import { RedisClientFactory, type RedisConnection } from '@scout/database';
import { ThrottledLogger } from '@scout/observability';
import {
  MemoryThrottlerStorage,
  type ThrottlerStorageRecord,
  toRecord,
} from './memory-throttler.storage';
import { RateLimitStats } from './rate-limit.stats';

/**
 * One round trip per lease: count `ARGV[2]` hits, start the window on the first, return the count
 * and the window's remaining milliseconds. Atomic, so processes sharing Redis never lose a hit.
 */
const HIT_SCRIPT = `
local hits = redis.call('INCRBY', KEYS[1], ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {hits, ttl}
`;

const HIT_COMMAND = 'scoutRateLimitHit';
const WARN_INTERVAL_MS = 10_000;
/** A lease is at most 1/LEASE_DIVISOR of a limit, so limits under 2×this stay exact (lease 1). */
const LEASE_DIVISOR = 50;
const MAX_LEASE = 20;
/** Past this many leases held, expired ones are swept before another is added. */
const SWEEP_AT = 10_000;

/** Hits numbered `next`..`last` in a window's shared count, taken from Redis by this process. */
interface Lease {
  next: number;
  last: number;
  windowEndsAt: number;
}

/** How many hits one round trip takes for a limit: 1 for small limits, at most MAX_LEASE. */
export function leaseSize(limit: number): number {
  return Math.max(1, Math.min(MAX_LEASE, Math.floor(limit / LEASE_DIVISOR)));
}

/** The client once the script is defined on it (ioredis adds the method at runtime). */
type ScriptedRedis = RedisConnection & {
  [HIT_COMMAND](key: string, windowMs: number, hits: number): Promise<[number, number]>;
};

/**
 * Rate-limit counters shared by every api process through Redis, on a client of its own whose
 * calls are bounded by `rateLimit.redisTimeoutMs`. When Redis is down, disconnected or slower
 * than that, the hit is counted in this process's memory instead: limits then hold per process
 * (looser, never off), no request fails or waits on Redis, and counting returns to Redis as soon
 * as the client is ready again. Implements `@nestjs/throttler`'s storage contract.
 *
 * A round trip per request would cost a cached read about a third of its throughput, so a
 * process takes hits from the shared count in leases (`leaseSize`: 12 at a limit of 600) and
 * hands them out locally. The shared count never admits more than the limit; a key whose
 * requests move between processes may be refused up to one unused lease per process early in a
 * window. Small limits (below 100) lease one hit at a time and are exact.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  /** Absent while rate limits are off, so a disabled limiter holds no Redis connection. */
  private readonly client: ScriptedRedis | undefined;
  private readonly memory = new MemoryThrottlerStorage();
  private readonly warnings = new ThrottledLogger(new Logger('RateLimit'), WARN_INTERVAL_MS);
  private readonly prefix: string;
  private readonly leases = new Map<string, Lease>();
  private readonly leasing = new Map<string, Promise<Lease>>();

  constructor(
    factory: RedisClientFactory,
    config: AppConfig,
    private readonly stats: RateLimitStats,
  ) {
    if (config.rateLimit.enabled) {
      const client = factory.create('rate-limit', {
        commandTimeout: config.rateLimit.redisTimeoutMs,
      });
      client.defineCommand(HIT_COMMAND, { numberOfKeys: 1, lua: HIT_SCRIPT });
      this.client = client as ScriptedRedis;
    }
    this.prefix = `${config.app.name}:ratelimit:`;
  }

  /** Whether hits go to Redis right now (otherwise to this process's own counters). */
  get connected(): boolean {
    return this.client?.status === 'ready';
  }

  /** Block duration and throttler name are accepted for the contract; windows are fixed. */
  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration?: number,
    _throttlerName?: string,
  ): Promise<ThrottlerStorageRecord> {
    const client = this.client;
    if (client?.status !== 'ready') return this.fallback(key, ttl, limit, 'disconnected');
    for (;;) {
      const held = this.leases.get(key);
      if (held && held.next <= held.last && Date.now() < held.windowEndsAt) {
        return toRecord(held.next++, held.windowEndsAt - Date.now(), limit);
      }
      let pending = this.leasing.get(key);
      if (!pending) {
        pending = this.lease(client, key, ttl, leaseSize(limit));
        this.leasing.set(key, pending);
        void pending.then(
          () => this.leasing.delete(key),
          () => this.leasing.delete(key),
        );
      }
      try {
        await pending;
      } catch (error) {
        return this.fallback(key, ttl, limit, error instanceof Error ? error.message : 'failed');
      }
    }
  }

  private async lease(client: ScriptedRedis, key: string, ttl: number, size: number) {
    const [total, remainingMs] = await client[HIT_COMMAND](this.prefix + key, ttl, size);
    if (this.leases.size >= SWEEP_AT) this.sweep();
    const lease: Lease = {
      next: Number(total) - size + 1,
      last: Number(total),
      windowEndsAt: Date.now() + Number(remainingMs),
    };
    this.leases.set(key, lease);
    return lease;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, lease] of this.leases) {
      if (lease.windowEndsAt <= now || lease.next > lease.last) this.leases.delete(key);
    }
  }

  private fallback(
    key: string,
    ttl: number,
    limit: number,
    reason: string,
  ): ThrottlerStorageRecord {
    this.stats.recordFallback();
    this.warnings.warn({ reason }, 'Redis unavailable for rate limits; counting in this process');
    return this.memory.hit(key, ttl, limit);
  }
}
