import { Counter } from 'prom-client';
import type { MetricsRegistry } from '@scout/observability';
import type { PrivacyStats } from './privacy.stats';

/**
 * Items removed by retention sweeps and by erasures, per store, and erasures completed, read
 * from the stats at scrape time. Stores come from code, so the `store` label stays bounded.
 */
export function registerPrivacyMetrics(
  registry: MetricsRegistry,
  stats: Pick<PrivacyStats, 'snapshot'>,
): void {
  new Counter({
    name: 'scout_retention_removed_total',
    help: 'Documents removed by retention sweeps, by store (scrape_jobs, idempotency, history, erasure_receipts).',
    labelNames: ['store'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [store, value] of Object.entries(stats.snapshot().retentionRemoved)) {
        this.inc({ store }, value);
      }
    },
  });
  new Counter({
    name: 'scout_erasure_removed_total',
    help: 'Items removed by erasures, by store (profiles, scrape_jobs, queues, cache, ...).',
    labelNames: ['store'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [store, value] of Object.entries(stats.snapshot().erasureRemoved)) {
        this.inc({ store }, value);
      }
    },
  });
  new Counter({
    name: 'scout_erasures_completed_total',
    help: 'Erasure requests completed by this process.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(stats.snapshot().erasuresCompleted);
    },
  });
}
