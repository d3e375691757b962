import { decideRetry, type RetryInput } from './retry-decision';

const input = (overrides: Partial<RetryInput> = {}): RetryInput => ({
  retryable: true,
  attempt: 1,
  maxAttempts: 3,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  random: () => 0.999_999,
  ...overrides,
});

describe('decideRetry', () => {
  it('fails a failure that is not retryable at once, whatever the host asked', () => {
    expect(decideRetry(input({ retryable: false }))).toEqual({ action: 'fail' });
    expect(decideRetry(input({ retryable: false, retryAfterMs: 60_000 }))).toEqual({
      action: 'fail',
    });
  });

  it('retries transient failures with exponential backoff until attempts run out', () => {
    expect(decideRetry(input({ attempt: 1 }))).toEqual({ action: 'retry', delayMs: 100 });
    expect(decideRetry(input({ attempt: 2 }))).toEqual({ action: 'retry', delayMs: 200 });
    expect(decideRetry(input({ attempt: 3 }))).toEqual({ action: 'fail' });
  });

  it('caps the backoff at maxDelayMs', () => {
    expect(decideRetry(input({ attempt: 9, maxAttempts: 10 }))).toEqual({
      action: 'retry',
      delayMs: 1_000,
    });
  });

  it('waits at least the Retry-After the host gave', () => {
    expect(decideRetry(input({ retryAfterMs: 300, random: () => 0 }))).toEqual({
      action: 'retry',
      delayMs: 300,
    });
  });

  it('keeps a backoff that is already longer than the Retry-After', () => {
    expect(decideRetry(input({ attempt: 2, retryAfterMs: 50 }))).toEqual({
      action: 'retry',
      delayMs: 200,
    });
  });

  it('accepts a Retry-After exactly at the cap in-process', () => {
    expect(decideRetry(input({ retryAfterMs: 1_000 }))).toEqual({
      action: 'retry',
      delayMs: 1_000,
    });
  });

  it('defers when the host asks for more than maxDelayMs, even on the last attempt', () => {
    const rateLimited = { retryAfterMs: 1_001 };
    expect(decideRetry(input(rateLimited))).toEqual({ action: 'defer', retryAfterMs: 1_001 });
    expect(decideRetry(input({ ...rateLimited, attempt: 3 }))).toEqual({
      action: 'defer',
      retryAfterMs: 1_001,
    });
  });

  it('honors Retry-After on transient failures (503) too', () => {
    expect(decideRetry(input({ retryAfterMs: 5_000 }))).toEqual({
      action: 'defer',
      retryAfterMs: 5_000,
    });
  });

  it('ignores a zero or negative Retry-After', () => {
    expect(decideRetry(input({ retryAfterMs: 0, random: () => 0 }))).toEqual({
      action: 'retry',
      delayMs: 0,
    });
    expect(decideRetry(input({ retryAfterMs: -5, attempt: 3 }))).toEqual({ action: 'fail' });
  });

  it('does not retry when only one attempt is allowed', () => {
    expect(decideRetry(input({ maxAttempts: 1 }))).toEqual({ action: 'fail' });
  });
});
