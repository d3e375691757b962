import { LocalBreakerStore } from './local-breaker.store';

const HOST = 'site.test';

function setup() {
  const clock = { now: 10_000 };
  const store = new LocalBreakerStore(
    { threshold: 3, openMs: 1_000, probeTtlMs: 5_000 },
    () => clock.now,
  );
  const failTimes = (n: number) => {
    for (let i = 0; i < n; i++) store.recordFailure(HOST, `caller-${i}`);
  };
  return { clock, store, failTimes };
}

describe('LocalBreakerStore', () => {
  it('stays closed below the threshold and opens at it', () => {
    const { store } = setup();
    expect(store.recordFailure(HOST, 'a')).toBe('none');
    expect(store.recordFailure(HOST, 'b')).toBe('none');
    expect(store.admit(HOST, 'c')).toEqual({ admitted: true, probe: false });
    expect(store.recordFailure(HOST, 'c')).toBe('opened');
    expect(store.state(HOST)).toBe('open');
    expect(store.admit(HOST, 'd')).toEqual({ admitted: false, state: 'open', retryAfterMs: 1_000 });
  });

  it('counts only consecutive failures: a success resets the count', () => {
    const { store, failTimes } = setup();
    failTimes(2);
    expect(store.recordSuccess(HOST, 'x')).toBe('none');
    failTimes(2);
    expect(store.state(HOST)).toBe('closed');
    expect(store.recordFailure(HOST, 'y')).toBe('opened');
  });

  it('lets exactly one caller probe once the open period is over', () => {
    const { clock, store, failTimes } = setup();
    failTimes(3);
    clock.now += 400;
    expect(store.admit(HOST, 'early')).toEqual({
      admitted: false,
      state: 'open',
      retryAfterMs: 600,
    });
    clock.now += 600;
    expect(store.state(HOST)).toBe('half-open');
    expect(store.admit(HOST, 'probe')).toEqual({ admitted: true, probe: true });
    expect(store.admit(HOST, 'other')).toEqual({
      admitted: false,
      state: 'half-open',
      retryAfterMs: 1_000,
    });
  });

  it('closes when the probe succeeds', () => {
    const { clock, store, failTimes } = setup();
    failTimes(3);
    clock.now += 1_000;
    store.admit(HOST, 'probe');
    expect(store.recordSuccess(HOST, 'probe')).toBe('closed');
    expect(store.state(HOST)).toBe('closed');
    expect(store.admit(HOST, 'next')).toEqual({ admitted: true, probe: false });
    // the count starts over
    failTimes(2);
    expect(store.state(HOST)).toBe('closed');
  });

  it('re-opens when the probe fails', () => {
    const { clock, store, failTimes } = setup();
    failTimes(3);
    clock.now += 1_000;
    store.admit(HOST, 'probe');
    expect(store.recordFailure(HOST, 'probe')).toBe('reopened');
    expect(store.state(HOST)).toBe('open');
    clock.now += 1_000;
    expect(store.admit(HOST, 'second-probe')).toEqual({ admitted: true, probe: true });
  });

  it('gives the probe slot to the next caller when the probe ends neutral', () => {
    const { clock, store, failTimes } = setup();
    failTimes(3);
    clock.now += 1_000;
    store.admit(HOST, 'probe');
    store.release(HOST, 'probe');
    expect(store.state(HOST)).toBe('half-open');
    expect(store.admit(HOST, 'next')).toEqual({ admitted: true, probe: true });
  });

  it('gives the probe slot to another caller when a probe never reports', () => {
    const { clock, store, failTimes } = setup();
    failTimes(3);
    clock.now += 1_000;
    store.admit(HOST, 'lost');
    clock.now += 5_000;
    expect(store.admit(HOST, 'next')).toEqual({ admitted: true, probe: true });
    expect(store.recordSuccess(HOST, 'lost')).toBe('none');
    expect(store.recordSuccess(HOST, 'next')).toBe('closed');
  });

  it('ignores outcomes of calls let in before the breaker opened', () => {
    const { clock, store, failTimes } = setup();
    failTimes(3);
    expect(store.recordSuccess(HOST, 'straggler')).toBe('none');
    expect(store.recordFailure(HOST, 'straggler')).toBe('none');
    expect(store.state(HOST)).toBe('open');
    clock.now += 1_000;
    expect(store.recordSuccess(HOST, 'straggler')).toBe('none');
    expect(store.state(HOST)).toBe('half-open');
  });

  it('keeps hosts apart', () => {
    const { store, failTimes } = setup();
    failTimes(3);
    expect(store.state('other.test')).toBe('closed');
    expect(store.admit('other.test', 'a')).toEqual({ admitted: true, probe: false });
  });
});
