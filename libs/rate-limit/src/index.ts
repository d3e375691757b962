export { ConcurrencyLimiter, type ConcurrencySlot } from './concurrency-limiter';
export { Costly, CostlyGuard, type CostlyRule } from './costly.guard';
export { MemoryThrottlerStorage } from './memory-throttler.storage';
export { RateLimitModule } from './rate-limit.module';
export { registerRateLimitMetrics } from './rate-limit.metrics';
export { RateLimitStats, type RateLimitStatsSnapshot } from './rate-limit.stats';
export {
  RATE_LIMIT_TIERS,
  type RateLimitTier,
  tierForRoute,
  tierForUnmatched,
} from './rate-limit.tiers';
export { leaseSize, RedisThrottlerStorage } from './redis-throttler.storage';
export { RATE_LIMIT_HEADERS, RequestGate, type RequestGateOptions } from './request-gate';
