import { jitteredTtlMs } from './cache-policy';

describe('jitteredTtlMs', () => {
  it('stays within [ttl × (1 − jitter%), ttl]', () => {
    for (let i = 0; i < 10_000; i++) {
      const ttl = jitteredTtlMs(60_000, 10);
      expect(ttl).toBeGreaterThanOrEqual(54_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
    }
  });

  it('reaches both ends of the range', () => {
    expect(jitteredTtlMs(60_000, 10, () => 0)).toBe(60_000);
    expect(jitteredTtlMs(60_000, 10, () => 0.999999)).toBe(54_000);
  });

  it('actually spreads values', () => {
    const values = new Set(Array.from({ length: 200 }, () => jitteredTtlMs(60_000, 10)));
    expect(values.size).toBeGreaterThan(50);
  });

  it('leaves the ttl alone without jitter', () => {
    expect(jitteredTtlMs(5_000, 0)).toBe(5_000);
  });

  it('never returns less than 1 ms for a positive ttl, nor caches a non-positive one', () => {
    expect(jitteredTtlMs(1, 50, () => 0.999)).toBe(1);
    expect(jitteredTtlMs(0, 10)).toBe(0);
    expect(jitteredTtlMs(-5, 10)).toBe(0);
  });

  it('clamps nonsense jitter percentages', () => {
    expect(jitteredTtlMs(1_000, 500, () => 0.5)).toBe(500);
    expect(jitteredTtlMs(1_000, -10, () => 0.5)).toBe(1_000);
  });
});
