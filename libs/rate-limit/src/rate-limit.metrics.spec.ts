import { MetricsRegistry } from '@scout/observability';
import { registerRateLimitMetrics } from './rate-limit.metrics';
import { RateLimitStats } from './rate-limit.stats';

describe('registerRateLimitMetrics', () => {
  it('reports refusals per tier, costly refusals and memory fallbacks at scrape time', async () => {
    const registry = new MetricsRegistry();
    const stats = new RateLimitStats();
    registerRateLimitMetrics(registry, stats);
    stats.recordLimited('reads');
    stats.recordLimited('reads');
    stats.recordCostlyLimited();
    stats.recordFallback();
    const text = await registry.metrics();
    expect(text).toContain('scout_rate_limited_requests_total{tier="reads"} 2');
    expect(text).toContain('scout_rate_limited_requests_total{tier="writes"} 0');
    expect(text).toContain('scout_rate_limited_requests_total{tier="costly"} 1');
    expect(text).toMatch(/^scout_rate_limit_fallback_total 1$/m);
  });
});
