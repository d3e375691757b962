import { Gauge } from 'prom-client';
import type { MetricsRegistry } from '@scout/observability';
import type { DependencyMonitor } from './dependency.monitor';

/**
 * `scout_dependency_up{dependency}`: 1 while requests may use the dependency, 0 while they fail
 * fast with 503 `DEPENDENCY_UNAVAILABLE`. Read at scrape time: no per-request cost.
 */
export function registerDependencyMetrics(
  registry: MetricsRegistry,
  monitor: Pick<DependencyMonitor, 'states'>,
): void {
  new Gauge({
    name: 'scout_dependency_up',
    help: 'Whether a dependency (mongo, redis) counts as reachable: 1 up, 0 down (requests that need it fail fast with 503 until a probe succeeds).',
    labelNames: ['dependency'],
    registers: [registry],
    collect() {
      for (const [dependency, up] of Object.entries(monitor.states())) {
        this.set({ dependency }, up ? 1 : 0);
      }
    },
  });
}
