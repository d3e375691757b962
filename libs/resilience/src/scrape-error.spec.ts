import {
  FailureKind,
  ScrapeError,
  breakerEffectOf,
  parseRetryAfter,
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

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.UTC(2015, 9, 21, 7, 28, 0))).toBe(
      10_000,
    );
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
