export { CachingModule } from './caching.module';
export { CacheService } from './cache.service';
export { registerCacheMetrics } from './cache.metrics';
export {
  CacheStats,
  type CacheLevel,
  type CacheLevelCounters,
  type CacheNamespaceCounters,
  type CacheOutcome,
  type CacheStatsSnapshot,
} from './cache-stats';
export { type CachePolicy } from './cache-policy';
export { cacheKey } from './cache-key';
export {
  CACHE_INVALIDATION_CHANNEL,
  CACHE_REDIS_PREFIX,
  generationRedisKey,
  valueRedisKey,
} from './caching.constants';
