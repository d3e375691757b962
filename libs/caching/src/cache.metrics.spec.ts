import { MetricsRegistry } from '@scout/observability';
import { registerCacheMetrics } from './cache.metrics';
import { CacheStats } from './cache-stats';

describe('registerCacheMetrics', () => {
  it('reads the stats at scrape time, per level, namespace and outcome', async () => {
    const registry = new MetricsRegistry();
    const stats = new CacheStats();
    registerCacheMetrics(registry, stats);
    for (let i = 0; i < 3; i++) stats.record('l1', 'hits', 'profile');
    stats.record('l1', 'misses', 'profile');
    stats.record('l2', 'misses', 'profile');
    stats.record('l2', 'errors', 'profile');
    stats.recordLoad('profile');
    stats.record('l1', 'hits', 'company');
    // errors outside any namespace (invalidation, pub/sub) are reported as namespace "none"
    for (let i = 0; i < 3; i++) stats.record('l2', 'errors');

    let text = await registry.metrics();
    expect(text).toContain(
      'scout_cache_events_total{level="l1",namespace="profile",outcome="hit"} 3',
    );
    expect(text).toContain(
      'scout_cache_events_total{level="l1",namespace="company",outcome="hit"} 1',
    );
    expect(text).toContain(
      'scout_cache_events_total{level="l2",namespace="profile",outcome="error"} 1',
    );
    expect(text).toContain(
      'scout_cache_events_total{level="l2",namespace="none",outcome="error"} 3',
    );
    expect(text).not.toMatch(/namespace="none",outcome="(hit|miss)"/);
    expect(text).toContain('scout_cache_loads_total{namespace="profile"} 1');

    for (let i = 0; i < 7; i++) stats.record('l1', 'hits', 'profile');
    text = await registry.metrics();
    expect(text).toContain(
      'scout_cache_events_total{level="l1",namespace="profile",outcome="hit"} 10',
    );
  });
});
