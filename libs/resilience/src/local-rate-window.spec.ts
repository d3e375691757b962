import { LocalRateWindow } from './local-rate-window';

function setup(limit = 3, windowMs = 60_000) {
  const clock = { now: 1_000_000 };
  return { clock, window: new LocalRateWindow(limit, windowMs, () => clock.now) };
}

describe('LocalRateWindow', () => {
  it('grants up to the limit in a window and says when the oldest grant expires', () => {
    const { clock, window } = setup();
    expect(window.acquire('a.test')).toEqual({ allowed: true });
    clock.now += 10_000;
    expect(window.acquire('a.test')).toEqual({ allowed: true });
    expect(window.acquire('a.test')).toEqual({ allowed: true });
    expect(window.acquire('a.test')).toEqual({ allowed: false, retryAfterMs: 50_000 });
    clock.now += 50_000;
    expect(window.acquire('a.test')).toEqual({ allowed: true });
    expect(window.acquire('a.test')).toEqual({ allowed: false, retryAfterMs: 10_000 });
  });

  it('keeps a budget per host', () => {
    const { window } = setup(1);
    expect(window.acquire('a.test')).toEqual({ allowed: true });
    expect(window.acquire('b.test')).toEqual({ allowed: true });
    expect(window.acquire('a.test').allowed).toBe(false);
  });

  it('grants nothing while paused, and keeps the longer of two pauses', () => {
    const { clock, window } = setup();
    window.pause('a.test', 2_000);
    window.pause('a.test', 500);
    expect(window.acquire('a.test')).toEqual({ allowed: false, retryAfterMs: 2_000 });
    clock.now += 2_000;
    expect(window.acquire('a.test')).toEqual({ allowed: true });
  });
});
