import { MetricsRegistry } from './metrics.registry';

describe('MetricsRegistry', () => {
  it('has no metrics until asked for the process defaults, which every registry can share', async () => {
    const first = new MetricsRegistry();
    expect(await first.metrics()).toBe('\n');
    first.collectDefaultMetrics();
    first.collectDefaultMetrics(); // idempotent
    const second = new MetricsRegistry();
    second.collectDefaultMetrics();
    for (const registry of [first, second]) {
      const text = await registry.metrics();
      expect(text).toContain('process_cpu_user_seconds_total');
      expect(text).toContain('nodejs_eventloop_lag_seconds');
    }
  });
});
