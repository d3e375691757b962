import { MetricsRegistry } from '@scout/observability';
import { registerOutboundMetrics } from './outbound.metrics';
import { OutboundStats } from './outbound-stats';
import { FailureKind } from './scrape-error';

describe('registerOutboundMetrics', () => {
  it('reports requests by outcome, retries, timeouts, deferrals, robots.txt and the breaker per host', async () => {
    const registry = new MetricsRegistry();
    const stats = new OutboundStats();
    registerOutboundMetrics(registry, stats);
    for (const host of ['a.example', 'b.example', 'c.example']) {
      for (let i = 0; i < 5; i++) stats.recordRequest(host, 'success');
      for (let i = 0; i < 2; i++) stats.recordRequest(host, FailureKind.Transient);
      for (let i = 0; i < 2; i++) stats.recordRetry(host);
      stats.recordTimeout(host);
      for (let i = 0; i < 3; i++) stats.recordDeferral(host, 'breaker-open');
      stats.recordRobotsFetch(host, 'rules');
      for (let i = 0; i < 4; i++) stats.recordRobotsFetch(host, 'unreachable');
      for (let i = 0; i < 6; i++) stats.recordRobotsDisallowed(host);
    }
    stats.setBreakerState('b.example', 'half-open');
    stats.setBreakerState('c.example', 'open');

    const text = await registry.metrics();
    expect(text).toContain('scout_scraper_requests_total{host="a.example",outcome="success"} 5');
    expect(text).toContain('scout_scraper_requests_total{host="a.example",outcome="TRANSIENT"} 2');
    expect(text).toContain('scout_scraper_retries_total{host="a.example"} 2');
    expect(text).toContain('scout_scraper_timeouts_total{host="a.example"} 1');
    expect(text).toContain(
      'scout_scraper_deferrals_total{host="a.example",reason="breaker-open"} 3',
    );
    expect(text).toContain(
      'scout_scraper_robots_fetches_total{host="a.example",outcome="unreachable"} 4',
    );
    expect(text).toContain('scout_scraper_robots_disallowed_total{host="a.example"} 6');
    expect(text).toContain('scout_scraper_breaker_state{host="a.example"} 0');
    expect(text).toContain('scout_scraper_breaker_state{host="b.example"} 1');
    expect(text).toContain('scout_scraper_breaker_state{host="c.example"} 2');
  });

  it('has no series before any outbound call', async () => {
    const registry = new MetricsRegistry();
    registerOutboundMetrics(registry, new OutboundStats());
    expect(await registry.metrics()).not.toMatch(/^scout_scraper_\w+\{/m);
  });
});
