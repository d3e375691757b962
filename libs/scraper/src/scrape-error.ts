import type { BreakerEffect, ClassifiedFailure, FailureClassifier } from '@scout/resilience';

/**
 * The one classification of scraping failures. Retry, breaker and job handling all decide by
 * kind, so a failure means the same thing at every layer.
 */
export enum FailureKind {
  /** The page does not exist (404/410). Final; does not count against the breaker. */
  NotFound = 'NOT_FOUND',
  /** Auth wall, HTTP 999, captcha page: the site refuses us. Final; counts against the breaker. */
  Blocked = 'BLOCKED',
  /** 429 or an equivalent; retried after `retryAfterMs` when the site says how long. */
  RateLimited = 'RATE_LIMITED',
  /** 5xx, connection reset or refused, timeout. Retried; counts against the breaker. */
  Transient = 'TRANSIENT',
  /** The page arrived but holds no usable profile. Final. */
  ParseError = 'PARSE_ERROR',
  /** Not a target Scout may fetch (other host, IP literal, scheme, userinfo, path). Final. */
  InvalidTarget = 'INVALID_TARGET',
}

/** A classified scraping failure. Messages never contain page content. */
export class ScrapeError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ScrapeError';
  }

  get retryAfterMs(): number | undefined {
    return this.details.retryAfterMs;
  }
}

/** Only transient failures and rate limits are worth another attempt. */
export function isRetryable(kind: FailureKind): boolean {
  return kind === FailureKind.Transient || kind === FailureKind.RateLimited;
}

/** Failures that say the host is unhealthy or hostile, and so feed its circuit breaker. */
export function countsAgainstBreaker(kind: FailureKind): boolean {
  return kind === FailureKind.Transient || kind === FailureKind.Blocked;
}

/** The kind of any thrown value: unclassified errors (resets, aborts) are transient. */
export function failureKindOf(error: unknown): FailureKind {
  return error instanceof ScrapeError ? error.kind : FailureKind.Transient;
}

/**
 * What an outcome says about the host's health. Failures that count against the breaker are
 * failures. NOT_FOUND and PARSE_ERROR are answers from a host that works, so they act like a
 * success: they reset the consecutive-failure count and a probe that gets one closes the breaker.
 * RATE_LIMITED (the host is up but wants fewer requests; the rate limiter deals with that) and
 * INVALID_TARGET (our mistake, nothing was sent) are neutral: they neither count nor reset.
 */
export function breakerEffectOf(kind: FailureKind): BreakerEffect {
  if (countsAgainstBreaker(kind)) return 'failure';
  if (kind === FailureKind.NotFound || kind === FailureKind.ParseError) return 'success';
  return 'neutral';
}

/**
 * The error as a `ScrapeError`: classified errors as they are, anything else (resets, aborts,
 * programming errors) as TRANSIENT with the original kept as `cause`. The message names only the
 * error type, since foreign messages may carry URLs or page text.
 */
export function toScrapeError(error: unknown): ScrapeError {
  if (error instanceof ScrapeError) return error;
  const name = error instanceof Error ? error.name : typeof error;
  return new ScrapeError(FailureKind.Transient, `unclassified failure (${name})`, { cause: error });
}

function classified(error: ScrapeError): ClassifiedFailure {
  return {
    error,
    outcome: error.kind,
    retryable: isRetryable(error.kind),
    breaker: breakerEffectOf(error.kind),
    retryAfterMs: error.retryAfterMs,
  };
}

/**
 * How the profile site's outbound policy reads failures: by kind, with the kinds as the
 * outcomes of `scout_scraper_requests_total` and a timeout as TRANSIENT.
 */
export const SCRAPE_FAILURES: FailureClassifier = {
  outcomes: Object.values(FailureKind),
  classify: (error) => classified(toScrapeError(error)),
  timedOut: () => classified(new ScrapeError(FailureKind.Transient, 'timed out')),
};
