import { Injectable } from '@nestjs/common';
import { QueueMetrics, reportError, traceJob } from '@scout/observability';
import { MaintenanceQueue, QueueName, ScrapeJobsService } from '@scout/scraping';
import type { QueueProcessor } from '../queues/queue-registry';

/**
 * Thin delivery for the maintenance queue: the scheduled re-scrape, each run reported to the
 * queue metrics. A run is a trace of its own (the jobs it enqueues
 * continue it); a failed run goes to error tracking, as these jobs are not retried.
 */
@Injectable()
export class MaintenanceProcessor implements QueueProcessor {
  constructor(
    private readonly jobs: ScrapeJobsService,
    private readonly queue: MaintenanceQueue,
    private readonly metrics: QueueMetrics,
  ) {}

  /** A process consuming the queue makes sure the re-scrape scheduler feeds it. */
  onConsume(): Promise<void> {
    return this.queue.ensureRescrapeScheduler();
  }

  async process(): Promise<{ stale: number }> {
    return traceJob({ queue: QueueName.Maintenance, name: 'maintenance', attempt: 1 }, () =>
      this.run(),
    );
  }

  private async run(): Promise<{ stale: number }> {
    const finish = this.metrics.startJob(QueueName.Maintenance);
    try {
      const result = await this.jobs.runMaintenance();
      finish('succeeded');
      return result;
    } catch (error) {
      finish('failed', 'UNEXPECTED');
      reportError(error, { job: QueueName.Maintenance, code: 'UNEXPECTED' });
      throw error;
    }
  }
}
