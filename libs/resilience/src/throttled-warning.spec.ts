import { ThrottledWarning } from './throttled-warning';

describe('ThrottledWarning', () => {
  it('logs at most once per interval and reports what it held back', () => {
    let now = 0;
    const lines: unknown[][] = [];
    const warning = new ThrottledWarning(
      { warn: (...args) => lines.push(args) },
      10_000,
      () => now,
    );
    expect(warning.warn({ host: 'a' }, 'redis down')).toBe(true);
    now = 5_000;
    expect(warning.warn({ host: 'a' }, 'redis down')).toBe(false);
    now = 10_000;
    expect(warning.warn({ host: 'b' }, 'redis down')).toBe(true);
    expect(lines).toEqual([
      [{ host: 'a' }, 'redis down'],
      [{ host: 'b', suppressed: 1 }, 'redis down'],
    ]);
  });
});
