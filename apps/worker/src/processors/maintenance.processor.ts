import { Injectable } from '@nestjs/common';
import { QueueMetrics } from '@scout/observability';
import { QueueName, ScrapeJobsService } from '@scout/scraping';

/**
 * Thin delivery for the maintenance queue: the scheduled re-scrape and queue reconciliation,
 * each run reported to the queue metrics.
 */
@Injectable()
export class MaintenanceProcessor {
  constructor(
    private readonly jobs: ScrapeJobsService,
    private readonly metrics: QueueMetrics,
  ) {}

  async process(): Promise<{ stale: number; recovered: number }> {
    const finish = this.metrics.startJob(QueueName.Maintenance);
    try {
      const result = await this.jobs.runMaintenance();
      finish('succeeded');
      return result;
    } catch (error) {
      finish('failed', 'UNEXPECTED');
      throw error;
    }
  }
}
