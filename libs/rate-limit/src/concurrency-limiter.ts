import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@scout/config';
import { RedisClientFactory, type RedisConnection } from '@scout/database';
import { ThrottledLogger } from '@scout/observability';
import { RateLimitStats } from './rate-limit.stats';

/**
 * One round trip per acquire: drop the subject's expired leases, refuse when `ARGV[2]` are still
 * held, else add this lease until `now + ARGV[1]` ms. Redis's own clock decides expiry, so api
 * processes with skewed clocks agree; the key itself expires with its last lease.
 */
const ACQUIRE_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
`;

const ACQUIRE_COMMAND = 'scoutCostlyAcquire';
const WARN_INTERVAL_MS = 10_000;
/** How long a lease outlives its request when the request deadline is off. */
const LEASE_WITHOUT_DEADLINE_MS = 300_000;
/** A lease outlives the request deadline by this much, so only a crashed process's lapses. */
const LEASE_MARGIN_MS = 5_000;

/** The client once the script is defined on it (ioredis adds the method at runtime). */
type ScriptedRedis = RedisConnection & {
  [ACQUIRE_COMMAND](key: string, leaseMs: number, limit: number, lease: string): Promise<number>;
};

/** A held slot; `release` is idempotent, so every way a request can end may call it. */
export interface ConcurrencySlot {
  release(this: void): void;
}

/**
 * Counts the requests a subject (an API key) has in flight, across every api process, and
 * refuses one more past a limit. Each slot is a lease in a Redis sorted set that expires on its
 * own, so a process that crashes mid-request cannot hold slots forever; a finished request
 * removes its lease at once. Redis calls go through the rate limiter's own client, bounded by
 * `rateLimit.redisTimeoutMs`: when Redis is down or slower, slots are counted in this process
 * instead (per process, looser, never off) and no request waits on Redis.
 */
@Injectable()
export class ConcurrencyLimiter {
  /** Absent while the limit is off, so it holds no Redis connection then. */
  private readonly client: ScriptedRedis | undefined;
  private readonly local = new Map<string, number>();
  private readonly warnings = new ThrottledLogger(new Logger('RateLimit'), WARN_INTERVAL_MS);
  private readonly prefix: string;
  private readonly leaseMs: number;
  private readonly processId = randomBytes(6).toString('hex');
  private nextLease = 0;

  constructor(
    factory: RedisClientFactory,
    config: AppConfig,
    private readonly stats: RateLimitStats,
  ) {
    const { enabled, costlyConcurrency, redisTimeoutMs } = config.rateLimit;
    if (enabled && costlyConcurrency > 0) {
      const client = factory.create('rate-limit-costly', { commandTimeout: redisTimeoutMs });
      client.defineCommand(ACQUIRE_COMMAND, { numberOfKeys: 1, lua: ACQUIRE_SCRIPT });
      this.client = client as ScriptedRedis;
    }
    this.prefix = `${config.app.name}:ratelimit:inflight:`;
    const deadline = config.http.requestTimeoutMs;
    this.leaseMs = deadline > 0 ? deadline + LEASE_MARGIN_MS : LEASE_WITHOUT_DEADLINE_MS;
  }

  /** Whether slots are counted in Redis right now (otherwise in this process). */
  get connected(): boolean {
    return this.client?.status === 'ready';
  }

  /** Slots this process counts itself for a subject (only while Redis is unavailable). */
  heldLocally(subject: string): number {
    return this.local.get(subject) ?? 0;
  }

  /** Takes one of the subject's `limit` slots, or `undefined` when all are in use. */
  async acquire(subject: string, limit: number): Promise<ConcurrencySlot | undefined> {
    const client = this.client;
    if (client?.status !== 'ready') return this.acquireLocally(subject, limit, 'disconnected');
    const key = this.prefix + subject;
    const lease = `${this.processId}:${this.nextLease++}`;
    let granted: number;
    try {
      granted = await client[ACQUIRE_COMMAND](key, this.leaseMs, limit, lease);
    } catch (error) {
      // The script may still run once Redis answers: removing the lease on release covers it.
      const reason = error instanceof Error ? error.message : 'failed';
      const slot = this.acquireLocally(subject, limit, reason);
      if (slot === undefined) this.remove(client, key, lease);
      return slot && both(slot, () => this.remove(client, key, lease));
    }
    if (Number(granted) !== 1) return undefined;
    return once(() => this.remove(client, key, lease));
  }

  private remove(client: ScriptedRedis, key: string, lease: string): void {
    // A lost removal only keeps the slot until its lease lapses.
    client.zrem(key, lease).catch(() => undefined);
  }

  private acquireLocally(
    subject: string,
    limit: number,
    reason: string,
  ): ConcurrencySlot | undefined {
    this.stats.recordFallback();
    this.warnings.warn(
      { reason },
      'Redis unavailable for costly-request limits; counting in this process',
    );
    const held = this.local.get(subject) ?? 0;
    if (held >= limit) return undefined;
    this.local.set(subject, held + 1);
    return once(() => {
      const left = (this.local.get(subject) ?? 1) - 1;
      if (left > 0) this.local.set(subject, left);
      else this.local.delete(subject);
    });
  }
}

function once(release: () => void): ConcurrencySlot {
  let released = false;
  return {
    release: () => {
      if (released) return;
      released = true;
      release();
    },
  };
}

function both(slot: ConcurrencySlot, also: () => void): ConcurrencySlot {
  return once(() => {
    slot.release();
    also();
  });
}
