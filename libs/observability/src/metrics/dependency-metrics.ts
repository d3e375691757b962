import { Gauge } from 'prom-client';
import type { MetricsRegistry } from './metrics.registry';

/**
 * What the dependency gauge reads: whether each dependency counts as up right now (the database
 * lib's `DependencyMonitor.states()`). Structural, so this lib does not depend on the database.
 */
export interface DependencyStatesSource {
  states(): Record<string, boolean>;
}

/**
 * `scout_dependency_up{dependency}`: 1 while requests may use the dependency, 0 while they fail
 * fast with 503 `DEPENDENCY_UNAVAILABLE`. Read at scrape time: no per-request cost.
 */
export function registerDependencyMetrics(
  registry: MetricsRegistry,
  source: DependencyStatesSource,
): void {
  new Gauge({
    name: 'scout_dependency_up',
    help: 'Whether a dependency (mongo, redis) counts as reachable: 1 up, 0 down (requests that need it fail fast with 503 until a probe succeeds).',
    labelNames: ['dependency'],
    registers: [registry],
    collect() {
      for (const [dependency, up] of Object.entries(source.states())) {
        this.set({ dependency }, up ? 1 : 0);
      }
    },
  });
}
