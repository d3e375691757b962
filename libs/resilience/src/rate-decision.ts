/** The answer of a rate limiter: go, or wait this long before asking again. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };
