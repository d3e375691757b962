/**
 * Redis key prefix of the shared circuit breakers. Keys are `scout:breaker:<policy>:{<host>}:<part>`,
 * so two policies never share a breaker; the hash tag keeps one host's keys in one cluster slot,
 * so its Lua scripts stay valid on a cluster.
 */
export const BREAKER_KEY_PREFIX = 'scout:breaker:';

/** Redis key prefix of the shared per-host rate limits (`scout:rate:<policy>:{<host>}:<part>`). */
export const RATE_KEY_PREFIX = 'scout:rate:';

/** The rolling window of a policy's `ratePerMinute`. */
export const RATE_WINDOW_MS = 60_000;

/**
 * Bound of one Redis call of the breaker or the rate limiter. Past it the call counts as Redis
 * being unavailable and the in-process fallback answers, so a slow Redis never slows a call.
 */
export const REDIS_CALL_TIMEOUT_MS = 500;

/** At most one "Redis unavailable, using the in-process fallback" warning per this interval. */
export const FALLBACK_WARNING_INTERVAL_MS = 10_000;

/**
 * Lifetime of a breaker's failure count and "tripped" marker without new events, so the keys of a
 * host nobody calls any more disappear instead of lingering forever.
 */
export const BREAKER_STATE_TTL_MS = 24 * 60 * 60 * 1000;

/** Calls that may wait for a bulkhead slot, per slot (queue = hostConcurrency × this). */
export const BULKHEAD_QUEUE_PER_SLOT = 1;

/** Delay suggested to a caller turned away by a full bulkhead: slots free up quickly. */
export const BULKHEAD_RETRY_AFTER_MS = 1_000;

/** Upper bound of the random spread added to rate-limit waits, so waiters do not wake together. */
export const RATE_WAIT_JITTER_MS = 25;
