import { MetricsRegistry } from './metrics.registry';
import { QueueMetrics } from './queue-metrics';

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
