import type { ThrottlerStorage } from '@nestjs/throttler';

/** What a storage reports for one hit (the package does not export the type by name). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Window {
  hits: number;
  expiresAt: number;
}

const SWEEP_EVERY_MS = 60_000;

/**
 * Fixed-window counters in this process, used while Redis cannot answer. One small record per
 * key whatever the traffic (the stock in-memory storage keeps one timestamp per hit, which grows
 * with every request), and expired windows are swept, so memory stays bounded by active keys.
 */
export class MemoryThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private nextSweepAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Synchronous at heart; the promise is only the storage contract's shape. */
  increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration?: number,
    _throttlerName?: string,
  ): Promise<ThrottlerStorageRecord> {
    return Promise.resolve(this.hit(key, ttl, limit));
  }

  /** Counts one hit against `key` in a window of `ttl` ms and reports where it stands. */
  hit(key: string, ttl: number, limit: number): ThrottlerStorageRecord {
    const now = this.now();
    if (now >= this.nextSweepAt) this.sweep(now);
    let window = this.windows.get(key);
    if (window === undefined || window.expiresAt <= now) {
      window = { hits: 0, expiresAt: now + ttl };
      this.windows.set(key, window);
    }
    window.hits += 1;
    return toRecord(window.hits, window.expiresAt - now, limit);
  }

  /** Number of live windows; lets tests see that memory stays bounded. */
  get size(): number {
    return this.windows.size;
  }

  private sweep(now: number): void {
    this.nextSweepAt = now + SWEEP_EVERY_MS;
    for (const [key, window] of this.windows) {
      if (window.expiresAt <= now) this.windows.delete(key);
    }
  }
}

/** The storage contract's record for a fixed window: blocked for the rest of the window. */
export function toRecord(
  totalHits: number,
  remainingMs: number,
  limit: number,
): ThrottlerStorageRecord {
  const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
  const isBlocked = totalHits > limit;
  return {
    totalHits,
    timeToExpire: seconds,
    isBlocked,
    timeToBlockExpire: isBlocked ? seconds : 0,
  };
}
