import type { BreakerEffect } from './breaker.types';

/** One failed attempt as its policy's owner reads it; the policy decides by this alone. */
export interface ClassifiedFailure {
  /** What the caller gets when the failure is final. */
  error: Error;
  /** The outcome counted in the stats and metrics. */
  outcome: string;
  /** Whether another attempt may succeed. */
  retryable: boolean;
  /** How the failure moves the host's circuit breaker. */
  breaker: BreakerEffect;
  /** How long the host asked to be left alone (Retry-After), when it said. */
  retryAfterMs?: number;
}

/**
 * The failure vocabulary of a policy's owner. Resilience knows no domain's failures, so whoever
 * builds a policy says what its work's errors mean: retryable or not, and what they say about the
 * host's health.
 */
export interface FailureClassifier {
  /** Every outcome `classify` and `timedOut` may return, so the stats start them at zero. */
  readonly outcomes: readonly string[];
  /** Reads anything the work threw, unknown errors included. */
  classify(error: unknown): ClassifiedFailure;
  /** The failure of an attempt the policy's timeout cancelled. */
  timedOut(): ClassifiedFailure;
}
