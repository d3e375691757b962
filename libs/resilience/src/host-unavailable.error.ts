/** Why a call was turned away before it reached the host. */
export type HostUnavailableReason =
  'breaker-open' | 'rate-limited' | 'bulkhead-full' | 'retry-after';

/**
 * The call should be DEFERRED, not failed: the host's breaker is open, its rate limit or this
 * process's bulkhead is full, or the host asked us (Retry-After) to come back later than we are
 * willing to wait in-process. The caller delays the job by `retryAfterMs` without counting an
 * attempt. Never thrown for a final failure; those are the policy's classified errors.
 */
export class HostUnavailableError extends Error {
  constructor(
    readonly reason: HostUnavailableReason,
    readonly retryAfterMs: number,
    readonly host?: string,
  ) {
    super(`${host ?? 'host'} unavailable (${reason}); retry after ${retryAfterMs} ms`);
    this.name = 'HostUnavailableError';
  }
}
