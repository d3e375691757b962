import { z } from 'zod';
import { type EnvBinding, nonNegativeInt, positiveInt } from './primitives';

/** The multi-level cache, and the feature flags read from configuration. */
export const cacheSections = {
  cache: z.object({
    enabled: z.boolean(),
    l1MaxEntries: positiveInt.max(1_000_000),
    profileTtlMs: positiveInt,
    companyTtlMs: positiveInt,
    ttlJitterPercent: nonNegativeInt.max(50),
    staleGraceMs: nonNegativeInt,
    negativeTtlMs: nonNegativeInt,
    redisTimeoutMs: positiveInt.max(10_000),
    warmCount: nonNegativeInt.max(100_000),
  }),
  /**
   * Values of the feature flags read from configuration (see libs/flags); `cache.enabled`
   * stays under `cache` so existing settings files and CACHE_ENABLED keep working.
   */
  flags: z.object({
    scrapingEnabled: z.boolean(),
    scrapingScheduler: z.boolean(),
    cacheWarming: z.boolean(),
  }),
};

/** Environment variables of the cache and flags sections. */
export const CACHE_ENV: EnvBinding[] = [
  { env: 'CACHE_ENABLED', path: 'cache.enabled', kind: 'bool' },
  { env: 'CACHE_L1_MAX_ENTRIES', path: 'cache.l1MaxEntries', kind: 'int' },
  { env: 'CACHE_PROFILE_TTL_MS', path: 'cache.profileTtlMs', kind: 'int' },
  { env: 'CACHE_COMPANY_TTL_MS', path: 'cache.companyTtlMs', kind: 'int' },
  { env: 'CACHE_TTL_JITTER_PERCENT', path: 'cache.ttlJitterPercent', kind: 'int' },
  { env: 'CACHE_STALE_GRACE_MS', path: 'cache.staleGraceMs', kind: 'int' },
  { env: 'CACHE_NEGATIVE_TTL_MS', path: 'cache.negativeTtlMs', kind: 'int' },
  { env: 'CACHE_REDIS_TIMEOUT_MS', path: 'cache.redisTimeoutMs', kind: 'int' },
  { env: 'CACHE_WARM_COUNT', path: 'cache.warmCount', kind: 'int' },
  { env: 'FLAG_SCRAPING_ENABLED', path: 'flags.scrapingEnabled', kind: 'bool' },
  { env: 'FLAG_SCRAPING_SCHEDULER', path: 'flags.scrapingScheduler', kind: 'bool' },
  { env: 'FLAG_CACHE_WARMING', path: 'flags.cacheWarming', kind: 'bool' },
];
