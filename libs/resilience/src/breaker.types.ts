/** A host's breaker as seen from outside: closed (calls pass), open, half-open (one probe). */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** Whether a call may go out: as a normal call, as the half-open probe, or not at all. */
export type BreakerAdmission =
  | { admitted: true; probe: boolean }
  | { admitted: false; state: 'open' | 'half-open'; retryAfterMs: number };

/** A state change caused by recording an outcome. */
export type BreakerTransition = 'none' | 'opened' | 'reopened' | 'closed';

/** How one finished call moves its host's circuit breaker. */
export type BreakerEffect = 'success' | 'failure' | 'neutral';

/** The breaker settings, the same for the Redis store and the in-process fallback. */
export interface BreakerSettings {
  /** Consecutive counted failures that open the breaker. */
  threshold: number;
  /** How long an opened breaker stays open before one probe may pass. */
  openMs: number;
  /** How long a probe holds the half-open slot before another caller may probe (a lost probe). */
  probeTtlMs: number;
}
