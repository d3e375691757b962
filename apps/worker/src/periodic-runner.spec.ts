import { setTimeout as delay } from 'node:timers/promises';
import { type PeriodicLog, PeriodicRunner } from './periodic-runner';

/** A log that keeps what it was told. */
class MemoryLog implements PeriodicLog {
  readonly lines: string[] = [];
  warn(_context: Record<string, unknown>, message: string): void {
    this.lines.push(`warn: ${message}`);
  }
  log(message: string): void {
    this.lines.push(`log: ${message}`);
  }
}

/** Resolves once `check` holds, polling every few milliseconds; fails after a second. */
async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 1_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached within 1 s');
    await delay(2);
  }
}

const options = (everyMs = 1) => ({ everyMs: () => everyMs, failing: 'down', recovered: 'up' });

describe('PeriodicRunner', () => {
  const runners: PeriodicRunner[] = [];
  const make = (tick: () => Promise<boolean | void>, everyMs = 1, log = new MemoryLog()) => {
    const runner = new PeriodicRunner(tick, options(everyMs), log);
    runners.push(runner);
    return runner;
  };
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
  });

  it('never runs two rounds at once, even when each asks for the next at once', async () => {
    let inFlight = 0;
    let most = 0;
    let rounds = 0;
    const runner = make(async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await delay(5);
      inFlight--;
      rounds++;
      return true;
    }, 0);
    runner.start();
    runner.start();
    await until(() => rounds >= 5);
    expect(most).toBe(1);
  });

  it('keeps going after a round throws, logging the outage once and the recovery once', async () => {
    const log = new MemoryLog();
    let calls = 0;
    const runner = make(
      () => {
        calls++;
        return calls <= 3 ? Promise.reject(new Error('MongoDB is down')) : Promise.resolve();
      },
      1,
      log,
    );
    runner.start();
    await until(() => calls >= 6);
    expect(log.lines).toEqual(['warn: down', 'log: up']);
  });

  it('stop waits for the round in flight and starts none after it', async () => {
    let release: () => void = () => undefined;
    let calls = 0;
    let finished = false;
    const runner = make(async () => {
      calls++;
      await new Promise<void>((resolve) => (release = resolve));
      finished = true;
    });
    runner.start();
    await until(() => calls === 1);
    let stopped = false;
    const stopping = runner.stop().then(() => (stopped = true));
    await delay(20);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(finished).toBe(true);
    await delay(20);
    expect(calls).toBe(1);
  });

  it('does not keep the process alive while it waits for the next round', async () => {
    const spy = jest.spyOn(global, 'setTimeout');
    try {
      const runner = make(() => Promise.resolve(), 60_000);
      runner.start();
      const timer = spy.mock.results[0]?.value as NodeJS.Timeout;
      expect(timer.hasRef()).toBe(false);
    } finally {
      spy.mockRestore();
    }
  });
});
