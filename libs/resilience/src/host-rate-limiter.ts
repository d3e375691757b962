import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { RedisConnection } from '@scout/database';
import { LocalRateWindow } from './local-rate-window';
import type { RateDecision } from './rate-decision';
import { errorFields, guardedRedisCall } from './redis-guard';
import {
  FALLBACK_WARNING_INTERVAL_MS,
  RATE_KEY_PREFIX,
  RATE_WINDOW_MS,
  REDIS_CALL_TIMEOUT_MS,
} from './resilience.constants';
import { ThrottledLogger } from '@scout/observability';

/**
 * Sliding-window log, atomic: drop grants older than the window, grant if fewer than the limit
 * remain, else say when the oldest one leaves the window. A pause key (Retry-After) wins over
 * everything. Time is Redis's own clock, so workers with skewed clocks still agree.
 * KEYS: log (sorted set), pause. ARGV: window ms, limit, unique member.
 * Returns {1, 0} when granted, {0, wait ms} otherwise.
 */
const ACQUIRE = `
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then return {0, paused} end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, math.max(1, tonumber(oldest[2]) + window - now)}`;

/** Sets the pause unless a longer one is in place. KEYS: pause. ARGV: ms. */
const PAUSE = `
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 0`;

/**
 * Per-host request budget of one policy, shared by all worker processes: at most `ratePerMinute`
 * grants per host in any rolling minute, kept in Redis so adding workers does not multiply the
 * load on the target site. A host's Retry-After can pause it for everyone ({@link pause}).
 * If Redis is unreachable, each process keeps the same budget in memory (logged at most once per
 * 10 s) rather than failing or stalling calls.
 */
export class HostRateLimiter {
  private readonly logger = new Logger('Resilience');
  private readonly warning = new ThrottledLogger(this.logger, FALLBACK_WARNING_INTERVAL_MS);
  private readonly local: LocalRateWindow;

  constructor(
    private readonly redis: RedisConnection,
    private readonly policy: string,
    private readonly limit: number,
  ) {
    this.local = new LocalRateWindow(limit, RATE_WINDOW_MS);
  }

  /** Takes one request from `host`'s budget, or says how long until one is free. Never rejects. */
  async acquire(host: string): Promise<RateDecision> {
    try {
      const reply = await this.onRedis(() =>
        this.redis.eval(
          ACQUIRE,
          2,
          ...keys(this.policy, host),
          RATE_WINDOW_MS,
          this.limit,
          randomUUID(),
        ),
      );
      if (!Array.isArray(reply) || reply.length !== 2) {
        throw new Error(`unexpected rate limit script reply of type ${typeof reply}`);
      }
      const [granted, waitMs] = reply.map(Number);
      return granted === 1 ? { allowed: true } : { allowed: false, retryAfterMs: waitMs };
    } catch (error) {
      this.fallingBack(error, host);
      return this.local.acquire(host);
    }
  }

  /**
   * Grants nothing for `host` during the next `ms`, in every process: the host said
   * `Retry-After`, and the other workers should hear it too. Never rejects.
   */
  async pause(host: string, ms: number): Promise<void> {
    const duration = Math.max(1, Math.ceil(ms));
    this.local.pause(host, duration);
    try {
      await this.onRedis(() => this.redis.eval(PAUSE, 1, keys(this.policy, host)[1], duration));
    } catch (error) {
      this.fallingBack(error, host);
    }
  }

  private onRedis<T>(call: () => Promise<T>): Promise<T> {
    return guardedRedisCall(this.redis, REDIS_CALL_TIMEOUT_MS, call);
  }

  private fallingBack(error: unknown, host: string): void {
    this.warning.warn(
      { policy: this.policy, host, ...errorFields(error) },
      'rate limiter: RedisConnection unavailable; limiting in-process only',
    );
  }
}

function keys(policy: string, host: string): [string, string] {
  const base = `${RATE_KEY_PREFIX}${policy}:{${host}}:`;
  return [`${base}log`, `${base}pause`];
}
