import { Injectable } from '@nestjs/common';
import { RATE_LIMIT_TIERS, type RateLimitTier } from './rate-limit.tiers';

/** Counters as the metrics read them at scrape time. */
export interface RateLimitStatsSnapshot {
  /** Requests answered 429, per tier. */
  limited: Record<RateLimitTier, number>;
  /** Costly requests answered 429 because their key had too many in flight. */
  costlyLimited: number;
  /** Hits and costly slots counted in this process's memory because Redis was unavailable or too slow. */
  fallbacks: number;
}

/**
 * Plain counters the limiter bumps and the api's metrics read when scraped, so the request path
 * never touches the metrics library.
 */
@Injectable()
export class RateLimitStats {
  private readonly limited = Object.fromEntries(
    RATE_LIMIT_TIERS.map((tier) => [tier, 0]),
  ) as Record<RateLimitTier, number>;
  private fallbacks = 0;
  private costlyLimited = 0;

  recordLimited(tier: RateLimitTier): void {
    this.limited[tier] += 1;
  }

  recordCostlyLimited(): void {
    this.costlyLimited += 1;
  }

  recordFallback(): void {
    this.fallbacks += 1;
  }

  snapshot(): RateLimitStatsSnapshot {
    return {
      limited: { ...this.limited },
      costlyLimited: this.costlyLimited,
      fallbacks: this.fallbacks,
    };
  }
}
