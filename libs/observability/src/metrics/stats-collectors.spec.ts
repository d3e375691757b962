import { MetricsRegistry } from './metrics.registry';
import { registerCacheMetrics, registerOutboundMetrics } from './stats-collectors';

const level = (hits: number, misses = 0, stale = 0, errors = 0) => ({
  hits,
  misses,
  stale,
  errors,
});

describe('registerCacheMetrics', () => {
  it('reads the snapshot at scrape time, per level, namespace and outcome', async () => {
    const registry = new MetricsRegistry();
    let hits = 3;
    registerCacheMetrics(registry, {
      snapshot: () => ({
        l1: level(hits + 1, 2),
        l2: level(0, 2, 0, 4),
        loads: 2,
        namespaces: {
          profile: { l1: level(hits, 2), l2: level(0, 2, 0, 1), loads: 2 },
          company: { l1: level(1), l2: level(0), loads: 0 },
        },
      }),
    });
    let text = await registry.metrics();
    expect(text).toContain(
      'scout_cache_events_total{level="l1",namespace="profile",outcome="hit"} 3',
    );
    expect(text).toContain(
      'scout_cache_events_total{level="l1",namespace="company",outcome="hit"} 1',
    );
    // errors outside any namespace (invalidation, pub/sub) are reported as namespace "none"
    expect(text).toContain(
      'scout_cache_events_total{level="l2",namespace="none",outcome="error"} 3',
    );
    expect(text).not.toMatch(/namespace="none",outcome="(hit|miss)"/);
    expect(text).toContain('scout_cache_loads_total{namespace="profile"} 2');

    hits = 10;
    text = await registry.metrics();
    expect(text).toContain(
      'scout_cache_events_total{level="l1",namespace="profile",outcome="hit"} 10',
    );
  });
});

describe('registerOutboundMetrics', () => {
  it('reports requests by outcome, retries, timeouts, deferrals, robots.txt and the breaker per host', async () => {
    const registry = new MetricsRegistry();
    const host = (breaker: string) => ({
      requests: { success: 5, TRANSIENT: 2 },
      retries: 2,
      timeouts: 1,
      deferrals: { 'breaker-open': 3 },
      robotsFetches: { rules: 1, unreachable: 4 },
      robotsDisallowed: 6,
      breaker,
    });
    registerOutboundMetrics(registry, {
      snapshot: () => ({
        hosts: {
          'a.example': host('closed'),
          'b.example': host('half-open'),
          'c.example': host('open'),
          'd.example': host('bogus'),
        },
      }),
    });
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
    expect(text).not.toContain('scout_scraper_breaker_state{host="d.example"}');
  });
});
