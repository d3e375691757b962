import { breakerEffectOfResult } from './webhook-deliverer';

describe('breakerEffectOfResult', () => {
  it.each([
    [{ kind: 'answered', status: 204, latencyMs: 1 }, 'success'],
    [{ kind: 'answered', status: 500, latencyMs: 1 }, 'failure'],
    [{ kind: 'answered', status: 410, latencyMs: 1 }, 'failure'],
    [{ kind: 'answered', status: 302, latencyMs: 1 }, 'failure'],
    [{ kind: 'answered', status: 429, latencyMs: 1 }, 'neutral'],
    [{ kind: 'failed', reason: 'timed out', latencyMs: 1, refused: false }, 'failure'],
    [{ kind: 'failed', reason: 'target refused', latencyMs: 1, refused: true }, 'neutral'],
  ] as const)('%j counts as %s', (result, effect) => {
    expect(breakerEffectOfResult(result)).toBe(effect);
  });
});
