import { fullJitterBackoffMs } from './backoff';

describe('fullJitterBackoffMs', () => {
  it('spans [0, base × 2^retry] from the lowest to the highest random draw', () => {
    expect(fullJitterBackoffMs(0, 100, 10_000, () => 0)).toBe(0);
    expect(fullJitterBackoffMs(0, 100, 10_000, () => 0.999_999)).toBe(100);
    expect(fullJitterBackoffMs(1, 100, 10_000, () => 0.999_999)).toBe(200);
    expect(fullJitterBackoffMs(3, 100, 10_000, () => 0.999_999)).toBe(800);
    expect(fullJitterBackoffMs(3, 100, 10_000, () => 0.5)).toBe(400);
  });

  it('never exceeds the cap, however many retries', () => {
    expect(fullJitterBackoffMs(10, 100, 5_000, () => 0.999_999)).toBe(5_000);
    expect(fullJitterBackoffMs(1_000, 100, 5_000, () => 0.999_999)).toBe(5_000);
  });

  it('stays within bounds with real randomness and is not constant', () => {
    const draws = Array.from({ length: 500 }, () => fullJitterBackoffMs(2, 50, 150));
    for (const delay of draws) {
      expect(Number.isInteger(delay)).toBe(true);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(150);
    }
    expect(new Set(draws).size).toBeGreaterThan(10);
  });

  it('treats a negative retry number as the first retry', () => {
    expect(fullJitterBackoffMs(-1, 100, 10_000, () => 0.999_999)).toBe(100);
  });
});
