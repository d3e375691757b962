import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { MaintenanceQueue } from './maintenance.queue';
import { ScrapeQueue } from './scrape.queue';
import { QueueName } from './scraping.constants';

/**
 * Read-only view over every queue's producer, for the admin dashboard and the metrics: they must
 * show the very queues (names and prefix) the producers write to, and a new queue appears in both
 * by being listed here once. Feature code enqueues through the producers themselves.
 */
@Injectable()
export class QueueOverview {
  private readonly producers: Readonly<Record<QueueName, ScrapeQueue | MaintenanceQueue>>;

  constructor(scrape: ScrapeQueue, maintenance: MaintenanceQueue) {
    this.producers = { [QueueName.Scrape]: scrape, [QueueName.Maintenance]: maintenance };
  }

  /** The BullMQ queues themselves, for the admin queue dashboard only. */
  dashboardQueues(): readonly Queue[] {
    return Object.values(this.producers).map((producer) => producer.dashboardQueue());
  }

  /** Waiting, prioritized, active, delayed and failed counts of a queue. */
  counts(queue: QueueName): Promise<Record<string, number>> {
    return this.producers[queue].counts();
  }
}
