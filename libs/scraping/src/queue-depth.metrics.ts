import { Counter, Gauge } from 'prom-client';
import type { MetricsRegistry } from '@scout/observability';
import type { QueueOverview } from './queue-overview';
import { QueueName } from './scraping.constants';

function within<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** How long a scrape waits for a queue's counts by default. */
export const QUEUE_DEPTH_TIMEOUT_MS = 500;

/**
 * Queue depth per queue and state (waiting, active, delayed, failed), asked of Redis at scrape
 * time and bounded by `timeoutMs`: a queue that does not answer in time has no series in that
 * scrape and counts one collection error, and the scrape itself never fails. `waiting` includes
 * BullMQ's `prioritized` set, where jobs with a priority wait. Every queue of the overview is
 * reported, so a new queue shows up here by being listed there.
 */
export function registerQueueDepthMetrics(
  registry: MetricsRegistry,
  overview: Pick<QueueOverview, 'counts'>,
  options: { timeoutMs: number } = { timeoutMs: QUEUE_DEPTH_TIMEOUT_MS },
): void {
  const queues = Object.values(QueueName);
  const errors = new Counter({
    name: 'scout_metrics_collect_errors_total',
    help: 'Scrape-time reads that failed or timed out, by collector; their series are missing from that scrape.',
    labelNames: ['collector'],
    registers: [registry],
  });
  new Gauge({
    name: 'scout_queue_jobs',
    help: 'Jobs in a queue by state (waiting includes prioritized), as Redis reported them at scrape time.',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      const results = await Promise.allSettled(
        queues.map((queue) => within(overview.counts(queue), options.timeoutMs)),
      );
      this.reset();
      results.forEach((result, i) => {
        const queue = queues[i];
        if (result.status === 'rejected') {
          errors.inc({ collector: 'queue_depth' });
          return;
        }
        const c = result.value;
        this.set({ queue, state: 'waiting' }, (c.waiting ?? 0) + (c.prioritized ?? 0));
        this.set({ queue, state: 'active' }, c.active ?? 0);
        this.set({ queue, state: 'delayed' }, c.delayed ?? 0);
        this.set({ queue, state: 'failed' }, c.failed ?? 0);
      });
    },
  });
}
