/** The queues Scout runs; `WORKER_QUEUES` picks which of them a worker process consumes. */
export enum QueueName {
  Scrape = 'scrape',
  Maintenance = 'maintenance',
}

/** Job names per queue. */
export enum JobName {
  ScrapeProfile = 'scrape-profile',
  RescrapeStale = 'rescrape-stale',
}

/** Scrape priorities as clients name them. */
export const PRIORITIES = ['high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** BullMQ priorities: lower runs first. */
export const BULLMQ_PRIORITY: Readonly<Record<Priority, number>> = { high: 1, normal: 5, low: 10 };

/** Lifecycle of a scrape job. */
export const SCRAPE_JOB_STATUSES = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
] as const;
export type ScrapeJobStatus = (typeof SCRAPE_JOB_STATUSES)[number];

/** The one job scheduler that re-enqueues stale profiles; one id, however many processes. */
export const RESCRAPE_SCHEDULER_ID = 'rescrape-stale-profiles';
