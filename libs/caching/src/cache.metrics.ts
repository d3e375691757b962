import { Counter } from 'prom-client';
import type { MetricsRegistry } from '@scout/observability';
import type { CacheOutcome, CacheStats } from './cache-stats';

/** Cache outcome keys of a snapshot and their label values. */
const CACHE_OUTCOMES: ReadonlyArray<readonly [CacheOutcome, string]> = [
  ['hits', 'hit'],
  ['misses', 'miss'],
  ['stale', 'stale'],
  ['errors', 'error'],
];

/** Namespace label of events that belong to no namespace (invalidations, pub/sub failures). */
const NO_NAMESPACE = 'none';

/**
 * Cache hits, misses, stale serves and errors per level and namespace, plus loader calls, read
 * from the stats at scrape time: no per-request cost. Namespaces come from code (`profile`,
 * `company`), so the label stays bounded. The app decides whether to register them.
 */
export function registerCacheMetrics(
  registry: MetricsRegistry,
  stats: Pick<CacheStats, 'snapshot'>,
): void {
  new Counter({
    name: 'scout_cache_events_total',
    help: 'Cache lookups and failures by level (l1 in-process, l2 Redis), namespace and outcome (hit, miss, stale = expired value served because the load failed, error).',
    labelNames: ['level', 'namespace', 'outcome'],
    registers: [registry],
    collect() {
      this.reset();
      const snapshot = stats.snapshot();
      for (const level of ['l1', 'l2'] as const) {
        for (const [key, outcome] of CACHE_OUTCOMES) {
          let counted = 0;
          for (const [namespace, counters] of Object.entries(snapshot.namespaces)) {
            const value = counters[level][key];
            counted += value;
            this.inc({ level, namespace, outcome }, value);
          }
          const rest = snapshot[level][key] - counted;
          if (rest > 0) this.inc({ level, namespace: NO_NAMESPACE, outcome }, rest);
        }
      }
    },
  });
  new Counter({
    name: 'scout_cache_loads_total',
    help: 'Loader calls (reads that went to MongoDB; one per single-flight), by namespace.',
    labelNames: ['namespace'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [namespace, counters] of Object.entries(stats.snapshot().namespaces)) {
        this.inc({ namespace }, counters.loads);
      }
    },
  });
}
