import { MetricsRegistry } from '@scout/observability';
import { registerOutboundMetrics } from './outbound.metrics';
import { OutboundStats } from './outbound-stats';

describe('registerOutboundMetrics', () => {
  it('reports requests by outcome, retries, timeouts, deferrals and the breaker per host', async () => {
    const registry = new MetricsRegistry();
    const stats = new OutboundStats(['TRANSIENT']);
    registerOutboundMetrics(registry, { name: 'site', stats }, 'scout_out');
    for (const host of ['a.example', 'b.example', 'c.example']) {
      for (let i = 0; i < 5; i++) stats.recordRequest(host, 'success');
      for (let i = 0; i < 2; i++) stats.recordRequest(host, 'TRANSIENT');
      for (let i = 0; i < 2; i++) stats.recordRetry(host);
      stats.recordTimeout(host);
      for (let i = 0; i < 3; i++) stats.recordDeferral(host, 'breaker-open');
    }
    stats.setBreakerState('b.example', 'half-open');
    stats.setBreakerState('c.example', 'open');

    const text = await registry.metrics();
    const at = 'policy="site",host="a.example"';
    expect(text).toContain(`scout_out_requests_total{${at},outcome="success"} 5`);
    expect(text).toContain(`scout_out_requests_total{${at},outcome="TRANSIENT"} 2`);
    expect(text).toContain(`scout_out_retries_total{${at}} 2`);
    expect(text).toContain(`scout_out_timeouts_total{${at}} 1`);
    expect(text).toContain(`scout_out_deferrals_total{${at},reason="breaker-open"} 3`);
    expect(text).toContain(`scout_out_breaker_state{${at}} 0`);
    expect(text).toContain('scout_out_breaker_state{policy="site",host="b.example"} 1');
    expect(text).toContain('scout_out_breaker_state{policy="site",host="c.example"} 2');
  });

  it('has no series before any outbound call', async () => {
    const registry = new MetricsRegistry();
    registerOutboundMetrics(registry, { name: 'site', stats: new OutboundStats() }, 'scout_out');
    expect(await registry.metrics()).not.toMatch(/^scout_out_\w+\{/m);
  });
});
