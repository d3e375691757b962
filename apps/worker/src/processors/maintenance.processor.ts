import { Injectable } from '@nestjs/common';
import { QueueMetrics, reportError, traceJob } from '@scout/observability';
import { QueueName, ScrapeJobsService } from '@scout/scraping';

/**
 * Thin delivery for the maintenance queue: the scheduled re-scrape, each run reported to the
 * queue metrics. A run is a trace of its own (the jobs it enqueues
 * continue it); a failed run goes to error tracking, as these jobs are not retried.
 */
@Injectable()
export class MaintenanceProcessor {
  constructor(
    private readonly jobs: ScrapeJobsService,
    private readonly metrics: QueueMetrics,
  ) {}

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
