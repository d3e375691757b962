import { DomainError, ErrorCode } from '@scout/common';
import { DependencyGate } from './dependency-gate';

const SETTINGS = {
  timeoutsBeforeDown: 3,
  probeIntervalMs: 10,
  retryAfterSeconds: 2,
  probeTimeoutMs: 50,
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('DependencyGate', () => {
  let gates: DependencyGate[] = [];
  const gate = (probe: () => Promise<unknown>): DependencyGate => {
    const made = new DependencyGate('mongo', SETTINGS, probe);
    gates.push(made);
    return made;
  };
  afterEach(() => {
    for (const made of gates) made.stop();
    gates = [];
  });

  it('closes after a run of timeouts, not after scattered ones', () => {
    const g = gate(() => new Promise(() => undefined));
    g.recordTimeout();
    g.recordTimeout();
    g.recordSuccess();
    g.recordTimeout();
    g.recordTimeout();
    expect(g.up).toBe(true);
    g.recordTimeout();
    expect(g.up).toBe(false);
  });

  it('while closed, fails at once with 503 DEPENDENCY_UNAVAILABLE and Retry-After', () => {
    const g = gate(() => new Promise(() => undefined));
    expect(() => g.ensureUp()).not.toThrow();
    g.markDown('test');
    let thrown: unknown;
    try {
      g.ensureUp();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({ code: ErrorCode.DependencyUnavailable, retryAfterSeconds: 2 });
  });

  it('stays closed while probes fail or hang, and opens on the first that succeeds', async () => {
    let answer: 'hang' | 'fail' | 'ok' = 'hang';
    let probes = 0;
    const g = gate(() => {
      probes++;
      if (answer === 'ok') return Promise.resolve();
      return answer === 'fail' ? Promise.reject(new Error('down')) : new Promise(() => undefined);
    });
    g.markDown('test');
    await sleep(150);
    expect(g.up).toBe(false);
    answer = 'fail';
    await sleep(60);
    expect(g.up).toBe(false);
    const before = probes;
    answer = 'ok';
    await sleep(60);
    expect(probes).toBeGreaterThan(before);
    expect(g.up).toBe(true);
  });

  it('does not probe while up', async () => {
    let probes = 0;
    gate(() => {
      probes++;
      return Promise.resolve();
    });
    await sleep(50);
    expect(probes).toBe(0);
  });
});
