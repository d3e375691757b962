import { collectDefaultMetrics, type Metric, Registry } from 'prom-client';

let processMetrics: Metric[] | undefined;

/**
 * prom-client's default metrics (CPU, memory, GC, handles, event-loop lag), created once per
 * process: they describe the process, and each creation starts its own event-loop monitor and
 * GC observer that nothing ever stops.
 */
function defaultProcessMetrics(): Metric[] {
  if (!processMetrics) {
    const holder = new Registry();
    collectDefaultMetrics({ register: holder });
    processMetrics = holder
      .getMetricsAsArray()
      .map((metric) => holder.getSingleMetric(metric.name))
      .filter((metric): metric is Metric => metric !== undefined);
  }
  return processMetrics;
}

/**
 * The one registry an app's metrics live in, scraped as a whole at `/metrics`. A class of its
 * own (not prom-client's global registry) so Nest can inject it and two apps embedded in one
 * process, as the e2e harnesses do, never collide on metric names.
 */
export class MetricsRegistry extends Registry {
  private withDefaults = false;

  /** Adds the process's default metrics; idempotent. Off until asked, so "metrics off" costs nothing. */
  collectDefaultMetrics(): void {
    if (this.withDefaults) return;
    this.withDefaults = true;
    for (const metric of defaultProcessMetrics()) this.registerMetric(metric);
  }
}
