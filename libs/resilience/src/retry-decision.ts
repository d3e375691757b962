import { fullJitterBackoffMs } from './backoff';

/** What to do after a failed attempt. */
export type RetryDecision =
  | { action: 'retry'; delayMs: number }
  | { action: 'defer'; retryAfterMs: number }
  | { action: 'fail' };

/** Everything {@link decideRetry} looks at. */
export interface RetryInput {
  /** Whether the failure is worth another attempt at all (its policy's classifier says). */
  retryable: boolean;
  /** 1-based number of the attempt that just failed. */
  attempt: number;
  maxAttempts: number;
  /** How long the host asked us to wait (Retry-After), if it said. */
  retryAfterMs?: number;
  baseDelayMs: number;
  maxDelayMs: number;
  random?: () => number;
}

/**
 * Decides, without side effects, whether a failed attempt is retried in-process, deferred, or
 * final:
 * - not retryable → fail at once;
 * - the host asked for a wait longer than `maxDelayMs` → defer, even when attempts remain or none
 *   do: holding a worker slot that long is wasteful, and the host told us when to come back, so
 *   the job is delayed instead of failed;
 * - attempts used up → fail;
 * - otherwise retry after the full-jitter backoff, but never sooner than the host asked.
 */
export function decideRetry(input: RetryInput): RetryDecision {
  if (!input.retryable) return { action: 'fail' };
  const retryAfterMs =
    input.retryAfterMs !== undefined && input.retryAfterMs > 0 ? input.retryAfterMs : 0;
  if (retryAfterMs > input.maxDelayMs) return { action: 'defer', retryAfterMs };
  if (input.attempt >= input.maxAttempts) return { action: 'fail' };
  const backoff = fullJitterBackoffMs(
    input.attempt - 1,
    input.baseDelayMs,
    input.maxDelayMs,
    input.random,
  );
  return { action: 'retry', delayMs: Math.max(backoff, retryAfterMs) };
}
