/**
 * Prefix of every Redis key the cache writes, so cache data never collides with other users of
 * the same Redis (BullMQ, rate limits) and can be found or flushed on its own.
 */
export const CACHE_REDIS_PREFIX = 'scout:cache:';

/** Pub/sub channel on which invalidated keys are announced to every process. */
export const CACHE_INVALIDATION_CHANNEL = 'scout:cache:invalidate';

/**
 * Redis key holding a cached entry. The braces make the logical key a Redis Cluster hash tag, so
 * an entry's value and generation share a slot and one script may touch both.
 */
export const valueRedisKey = (key: string): string => `${CACHE_REDIS_PREFIX}v:{${key}}`;

/** Redis key holding a key's invalidation generation (see RedisCacheStore). */
export const generationRedisKey = (key: string): string => `${CACHE_REDIS_PREFIX}g:{${key}}`;

/**
 * How long Redis remembers that a key was invalidated. A load in another process that began
 * before the invalidation and finishes within this window cannot write its outdated result.
 */
export const GENERATION_TTL_MS = 10 * 60_000;

/** At most one cache warning per this interval per process, so an outage logs a trickle. */
export const WARNING_INTERVAL_MS = 10_000;
