import { Counter } from 'prom-client';
import type { MetricsRegistry } from '@scout/observability';
import type { RateLimitStats } from './rate-limit.stats';
import { RATE_LIMIT_TIERS } from './rate-limit.tiers';

/**
 * Refusals by tier and memory fallbacks, read from the limiter's counters at scrape time, so
 * limiting itself records nothing in the metrics library.
 */
export function registerRateLimitMetrics(
  registry: MetricsRegistry,
  stats: Pick<RateLimitStats, 'snapshot'>,
): void {
  new Counter({
    name: 'scout_rate_limited_requests_total',
    help:
      'Requests refused with 429 RATE_LIMITED, by tier (reads, writes, scrape, anonymous; ' +
      'costly: too many costly requests in flight).',
    labelNames: ['tier'],
    registers: [registry],
    collect() {
      this.reset();
      const { limited, costlyLimited } = stats.snapshot();
      for (const tier of RATE_LIMIT_TIERS) this.inc({ tier }, limited[tier]);
      this.inc({ tier: 'costly' }, costlyLimited);
    },
  });
  new Counter({
    name: 'scout_rate_limit_fallback_total',
    help:
      'Rate-limit hits and costly-request slots counted in process memory because Redis was ' +
      'unavailable or too slow.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(stats.snapshot().fallbacks);
    },
  });
}
