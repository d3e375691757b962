import { RedisClientFactory } from './redis-client.factory';

const delay = (attempt: number, max = 2000): number =>
  RedisClientFactory.reconnectDelay(attempt, max);

describe('RedisClientFactory.reconnectDelay', () => {
  it('starts at 50 ms and doubles', () => {
    expect([0, 1, 2, 3, 4].map((attempt) => delay(attempt, 60_000))).toEqual([
      50, 100, 200, 400, 800,
    ]);
  });

  it('grows with the attempt number until it reaches the cap, then stays there', () => {
    const delays = Array.from({ length: 200 }, (_, attempt) => delay(attempt));
    for (let i = 1; i < delays.length; i++) {
      expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]);
    }
    expect(delays[10]).toBe(2000);
    expect(delays[199]).toBe(2000);
  });

  it('never exceeds the configured maximum', () => {
    for (const max of [1, 75, 2000, 30_000]) {
      for (let attempt = 0; attempt < 100; attempt++) {
        expect(delay(attempt, max)).toBeLessThanOrEqual(max);
      }
    }
  });

  it('is never negative or zero', () => {
    for (let attempt = 0; attempt < 1000; attempt++) {
      expect(delay(attempt)).toBeGreaterThan(0);
    }
  });

  it.each([[1_000], [1e6], [Number.MAX_SAFE_INTEGER], [Number.MAX_VALUE], [Infinity]])(
    'stays finite for attempt %p',
    (attempt) => {
      expect(delay(attempt)).toBe(2000);
      const uncapped = delay(attempt, Number.MAX_SAFE_INTEGER);
      expect(Number.isFinite(uncapped)).toBe(true);
      expect(uncapped).toBeGreaterThan(0);
    },
  );
});
