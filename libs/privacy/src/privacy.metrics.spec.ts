import { MetricsRegistry } from '@scout/observability';
import { registerPrivacyMetrics } from './privacy.metrics';
import { PrivacyStats } from './privacy.stats';

describe('registerPrivacyMetrics', () => {
  it('reports what retention and erasures removed, per store, at scrape time', async () => {
    const registry = new MetricsRegistry();
    const stats = new PrivacyStats();
    registerPrivacyMetrics(registry, stats);
    expect(await registry.metrics()).toMatch(/^scout_erasures_completed_total 0$/m);

    stats.recordRetention('scrape_jobs', 40);
    stats.recordRetention('scrape_jobs', 2);
    stats.recordErasure({ profiles: 1, cache: 3 });
    stats.recordErasure({ profiles: 1 });
    const text = await registry.metrics();
    expect(text).toContain('scout_retention_removed_total{store="scrape_jobs"} 42');
    expect(text).toContain('scout_erasure_removed_total{store="profiles"} 2');
    expect(text).toContain('scout_erasure_removed_total{store="cache"} 3');
    expect(text).toMatch(/^scout_erasures_completed_total 2$/m);
  });
});
