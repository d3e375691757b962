import { MetricsRegistry } from '@scout/observability';
import { OutboundStats } from '@scout/resilience';
import { SCRAPE_FAILURES } from './scrape-error';
import { registerScraperMetrics } from './scraper.metrics';
import { ScraperStats } from './scraper.stats';

describe('registerScraperMetrics', () => {
  it('reports the profile-site policy under the scout_scraper names, and robots.txt per host', async () => {
    const registry = new MetricsRegistry();
    const outbound = new OutboundStats(SCRAPE_FAILURES.outcomes);
    const stats = new ScraperStats();
    registerScraperMetrics(registry, { name: 'profile-site', stats: outbound }, stats);
    outbound.recordRequest('a.example', 'success');
    outbound.recordRetry('a.example');
    stats.recordRobotsFetch('a.example', 'rules');
    for (let i = 0; i < 4; i++) stats.recordRobotsFetch('a.example', 'unreachable');
    for (let i = 0; i < 6; i++) stats.recordRobotsDisallowed('a.example');

    const text = await registry.metrics();
    const at = 'policy="profile-site",host="a.example"';
    expect(text).toContain(`scout_scraper_requests_total{${at},outcome="success"} 1`);
    expect(text).toContain(`scout_scraper_requests_total{${at},outcome="NOT_FOUND"} 0`);
    expect(text).toContain(`scout_scraper_retries_total{${at}} 1`);
    expect(text).toContain(`scout_scraper_breaker_state{${at}} 0`);
    expect(text).toContain(
      'scout_scraper_robots_fetches_total{host="a.example",outcome="unreachable"} 4',
    );
    expect(text).toContain('scout_scraper_robots_disallowed_total{host="a.example"} 6');
  });

  it('has no series before any call', async () => {
    const registry = new MetricsRegistry();
    registerScraperMetrics(
      registry,
      { name: 'profile-site', stats: new OutboundStats() },
      new ScraperStats(),
    );
    expect(await registry.metrics()).not.toMatch(/^scout_scraper_\w+\{/m);
  });
});
