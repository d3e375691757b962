import { Injectable } from '@nestjs/common';
import { QueueMetrics, reportError, traceJob } from '@scout/observability';
import { PrivacyMaintenance, type PrivacyMaintenanceResult } from '@scout/privacy';
import { MaintenanceQueue, QueueName, ScrapeJobsService } from '@scout/scraping';
import type { QueueProcessor } from '../queues/queue-registry';

/** What a maintenance run did: counts only, as BullMQ keeps it as the job's result. */
type MaintenanceResult = { stale: number; privacy: PrivacyMaintenanceResult };

/**
 * Thin delivery for the maintenance queue: the scheduled re-scrape, then people's-data upkeep
 * (pending erasures resumed, retention sweep), each run reported to the queue metrics. A run is a trace of its own (the jobs it enqueues
 * continue it); a failed run goes to error tracking, as these jobs are not retried.
 */
@Injectable()
export class MaintenanceProcessor implements QueueProcessor {
  constructor(
    private readonly jobs: ScrapeJobsService,
    private readonly queue: MaintenanceQueue,
    private readonly metrics: QueueMetrics,
    private readonly privacy: PrivacyMaintenance,
  ) {}

  /** A process consuming the queue makes sure the re-scrape scheduler feeds it. */
  onConsume(): Promise<void> {
    return this.queue.ensureRescrapeScheduler();
  }

  async process(): Promise<MaintenanceResult> {
    return traceJob({ queue: QueueName.Maintenance, name: 'maintenance', attempt: 1 }, () =>
      this.run(),
    );
  }

  private async run(): Promise<MaintenanceResult> {
    const finish = this.metrics.startJob(QueueName.Maintenance);
    try {
      const { stale } = await this.jobs.runMaintenance();
      const privacy = await this.privacy.run();
      finish('succeeded');
      return { stale, privacy };
    } catch (error) {
      finish('failed', 'UNEXPECTED');
      reportError(error, { job: QueueName.Maintenance, code: 'UNEXPECTED' });
      throw error;
    }
  }
}
