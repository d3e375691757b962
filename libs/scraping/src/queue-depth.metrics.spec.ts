import { MetricsRegistry } from '@scout/observability';
import { registerQueueDepthMetrics } from './queue-depth.metrics';
import { QueueName } from './scraping.constants';

const SCRAPE_COUNTS = { waiting: 2, prioritized: 3, active: 1, delayed: 4, failed: 5 };

describe('registerQueueDepthMetrics', () => {
  it('reports each queue by state, waiting with prioritized', async () => {
    const registry = new MetricsRegistry();
    registerQueueDepthMetrics(registry, {
      counts: async (queue) => (queue === QueueName.Scrape ? SCRAPE_COUNTS : { waiting: 1 }),
    });
    const text = await registry.metrics();
    expect(text).toContain('scout_queue_jobs{queue="scrape",state="waiting"} 5');
    expect(text).toContain('scout_queue_jobs{queue="scrape",state="active"} 1');
    expect(text).toContain('scout_queue_jobs{queue="scrape",state="delayed"} 4');
    expect(text).toContain('scout_queue_jobs{queue="scrape",state="failed"} 5');
    expect(text).toContain('scout_queue_jobs{queue="maintenance",state="waiting"} 1');
    expect(text).toContain('scout_queue_jobs{queue="maintenance",state="failed"} 0');
  });

  it.each([
    ['fails', () => Promise.reject(new Error('redis down'))],
    ['never answers', () => new Promise<Record<string, number>>(() => undefined)],
  ])(
    'leaves out a queue whose read %s, counts the error, and never fails the scrape',
    async (_case, broken) => {
      const registry = new MetricsRegistry();
      registerQueueDepthMetrics(
        registry,
        {
          counts: (queue) =>
            queue === QueueName.Scrape ? Promise.resolve(SCRAPE_COUNTS) : broken(),
        },
        { timeoutMs: 20 },
      );
      const text = await registry.metrics();
      expect(text).toContain('scout_queue_jobs{queue="scrape",state="waiting"} 5');
      expect(text).not.toMatch(/queue="maintenance"/);
      expect(
        await registry.getSingleMetricAsString('scout_metrics_collect_errors_total'),
      ).toContain('scout_metrics_collect_errors_total{collector="queue_depth"} 1');
    },
  );
});
