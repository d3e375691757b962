import { MetricsRegistry } from './metrics.registry';
import { QueueMetrics, registerQueueDepthMetrics } from './queue-metrics';

describe('QueueMetrics', () => {
  it('times runs and counts outcomes with bounded error codes', async () => {
    const registry = new MetricsRegistry();
    const metrics = new QueueMetrics(registry);
    metrics.startJob('scrape')('succeeded');
    metrics.startJob('scrape')('failed', 'NOT_FOUND');
    metrics.startJob('scrape')('failed', 'payload.url: Invalid input http://x/in/ada');
    metrics.startJob('scrape')('retrying', 'TRANSIENT');
    metrics.jobStalled('scrape');

    const text = await registry.metrics();
    expect(text).toContain(
      'scout_queue_jobs_finished_total{queue="scrape",outcome="succeeded",code="none"} 1',
    );
    expect(text).toContain(
      'scout_queue_jobs_finished_total{queue="scrape",outcome="failed",code="NOT_FOUND"} 1',
    );
    expect(text).toContain(
      'scout_queue_jobs_finished_total{queue="scrape",outcome="failed",code="OTHER"} 1',
    );
    expect(text).toContain(
      'scout_queue_job_duration_seconds_count{queue="scrape",outcome="failed"} 2',
    );
    expect(text).toContain('scout_queue_jobs_stalled_total{queue="scrape"} 1');
    expect(text).not.toContain('http://x');
  });
});

describe('registerQueueDepthMetrics', () => {
  it('reports each queue by state, leaves out queues that fail or time out, never fails', async () => {
    const registry = new MetricsRegistry();
    registerQueueDepthMetrics(
      registry,
      [
        {
          name: 'scrape',
          counts: async () => ({ waiting: 2, prioritized: 3, active: 1, delayed: 4, failed: 5 }),
        },
        { name: 'broken', counts: () => Promise.reject(new Error('redis down')) },
        { name: 'slow', counts: () => new Promise(() => undefined) },
      ],
      { timeoutMs: 20 },
    );
    const text = await registry.metrics();
    expect(text).toContain('scout_queue_jobs{queue="scrape",state="waiting"} 5');
    expect(text).toContain('scout_queue_jobs{queue="scrape",state="active"} 1');
    expect(text).toContain('scout_queue_jobs{queue="scrape",state="delayed"} 4');
    expect(text).toContain('scout_queue_jobs{queue="scrape",state="failed"} 5');
    expect(text).not.toMatch(/queue="(broken|slow)"/);
    expect(await registry.getSingleMetricAsString('scout_metrics_collect_errors_total')).toContain(
      'scout_metrics_collect_errors_total{collector="queue_depth"} 2',
    );
  });
});
