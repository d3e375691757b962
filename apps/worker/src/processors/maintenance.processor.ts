import { Injectable } from '@nestjs/common';
import { ScrapeJobsService } from '@scout/scraping';

/** Thin delivery for the maintenance queue: the scheduled re-scrape and queue reconciliation. */
@Injectable()
export class MaintenanceProcessor {
  constructor(private readonly jobs: ScrapeJobsService) {}

  process(): Promise<{ stale: number; recovered: number }> {
    return this.jobs.runMaintenance();
  }
}
