import { Injectable, Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { AppConfig } from '@scout/config';
import { RedisClientFactory } from '@scout/database';
import { ThrottledLogger } from '@scout/observability';
import {
  MemoryThrottlerStorage,
  type ThrottlerStorageRecord,
  toRecord,
} from './memory-throttler.storage';
import { RateLimitStats } from './rate-limit.stats';

/**
 * One round trip per hit: count it, start the window on the first hit, return the count and
 * the window's remaining milliseconds. Atomic, so processes sharing Redis never lose a hit.
 */
const HIT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {hits, ttl}
`;

const HIT_COMMAND = 'scoutRateLimitHit';
const WARN_INTERVAL_MS = 10_000;

/** The client once the script is defined on it (ioredis adds the method at runtime). */
type ScriptedRedis = Redis & {
  [HIT_COMMAND](key: string, windowMs: number): Promise<[number, number]>;
};

/**
 * Rate-limit counters shared by every api process through Redis, on a client of its own whose
 * calls are bounded by `rateLimit.redisTimeoutMs`. When Redis is down, disconnected or slower
 * than that, the hit is counted in this process's memory instead: limits then hold per process
 * (looser, never off), no request fails or waits on Redis, and counting returns to Redis as soon
 * as the client is ready again. Implements `@nestjs/throttler`'s storage contract.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  /** Absent while rate limits are off, so a disabled limiter holds no Redis connection. */
  private readonly client: ScriptedRedis | undefined;
  private readonly memory = new MemoryThrottlerStorage();
  private readonly warnings = new ThrottledLogger(new Logger('RateLimit'), WARN_INTERVAL_MS);
  private readonly prefix: string;

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
    try {
      const [hits, remainingMs] = await client[HIT_COMMAND](this.prefix + key, ttl);
      return toRecord(Number(hits), Number(remainingMs), limit);
    } catch (error) {
      return this.fallback(key, ttl, limit, error instanceof Error ? error.message : 'failed');
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
