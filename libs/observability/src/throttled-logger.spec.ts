import { ThrottledLogger } from './throttled-logger';

describe('ThrottledLogger', () => {
  it('logs at most once per interval and reports what it held back', () => {
    let now = 1_000;
    const lines: unknown[][] = [];
    const throttled = new ThrottledLogger(
      { warn: (...args) => lines.push(args) },
      10_000,
      () => now,
    );

    expect(throttled.warn({ op: 'get' }, 'redis failed')).toBe(true);
    for (let i = 0; i < 50; i++) {
      now += 100;
      expect(throttled.warn({ op: 'get' }, 'redis failed')).toBe(false);
    }
    now = 11_000;
    expect(throttled.warn({ op: 'set' }, 'redis failed')).toBe(true);

    expect(lines).toEqual([
      [{ op: 'get' }, 'redis failed'],
      [{ op: 'set', suppressed: 50 }, 'redis failed'],
    ]);
  });
});
