import {
  FailureKind,
  ScrapeError,
  breakerEffectOf,
  SCRAPE_FAILURES,
  toScrapeError,
} from './scrape-error';

describe('breakerEffectOf', () => {
  it.each([
    [FailureKind.Transient, 'failure'],
    [FailureKind.Blocked, 'failure'],
    [FailureKind.NotFound, 'success'],
    [FailureKind.ParseError, 'success'],
    [FailureKind.RateLimited, 'neutral'],
    [FailureKind.InvalidTarget, 'neutral'],
  ])('%s → %s', (kind, effect) => {
    expect(breakerEffectOf(kind)).toBe(effect);
  });
});

describe('toScrapeError', () => {
  it('keeps classified errors as they are', () => {
    const error = new ScrapeError(FailureKind.NotFound, 'gone', { status: 404 });
    expect(toScrapeError(error)).toBe(error);
  });

  it('wraps anything else as TRANSIENT, keeping the cause but not its message', () => {
    const cause = new TypeError('fetch failed for https://site.test/in/x?token=secret');
    const wrapped = toScrapeError(cause);
    expect(wrapped.kind).toBe(FailureKind.Transient);
    expect(wrapped.cause).toBe(cause);
    expect(wrapped.message).toBe('unclassified failure (TypeError)');
    expect(toScrapeError('boom').message).toBe('unclassified failure (string)');
  });
});

describe('SCRAPE_FAILURES', () => {
  it('counts every kind as an outcome', () => {
    expect([...SCRAPE_FAILURES.outcomes].sort()).toEqual(Object.values(FailureKind).sort());
  });

  it('reads a classified error by its kind, keeping the Retry-After', () => {
    const error = new ScrapeError(FailureKind.RateLimited, 'slow down', { retryAfterMs: 2_000 });
    expect(SCRAPE_FAILURES.classify(error)).toEqual({
      error,
      outcome: 'RATE_LIMITED',
      retryable: true,
      breaker: 'neutral',
      retryAfterMs: 2_000,
    });
  });

  it('reads anything else, and a timeout, as TRANSIENT failures of the host', () => {
    expect(SCRAPE_FAILURES.classify(new TypeError('reset'))).toMatchObject({
      outcome: 'TRANSIENT',
      retryable: true,
      breaker: 'failure',
    });
    const timedOut = SCRAPE_FAILURES.timedOut();
    expect(timedOut).toMatchObject({ outcome: 'TRANSIENT', retryable: true, breaker: 'failure' });
    expect(timedOut.error).toBeInstanceOf(ScrapeError);
    expect(timedOut.error.message).toBe('timed out');
  });

  it('makes NOT_FOUND final and a sign of a working host', () => {
    expect(SCRAPE_FAILURES.classify(new ScrapeError(FailureKind.NotFound, 'gone'))).toMatchObject({
      retryable: false,
      breaker: 'success',
    });
  });
});
