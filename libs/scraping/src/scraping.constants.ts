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

/**
 * Lifecycle of a scrape job. `failed` is a final failure the site gave (not found, blocked, a
 * page without a profile); `dead` is a job Scout gave up on although it might succeed later
 * (attempts exhausted, or its host unavailable for too long) — the dead letters an operator
 * replays.
 */
export const SCRAPE_JOB_STATUSES = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'dead',
] as const;
export type ScrapeJobStatus = (typeof SCRAPE_JOB_STATUSES)[number];

/** Statuses a job can be replayed from (retry, bulk replay). */
export const REPLAYABLE_STATUSES = ['failed', 'dead'] as const;
export type ReplayableStatus = (typeof REPLAYABLE_STATUSES)[number];

/** Why a job became a dead letter. */
export const DEAD_REASONS = ['attempts-exhausted', 'deferral-limit'] as const;
export type DeadReason = (typeof DEAD_REASONS)[number];

/**
 * The error code stored on a job that went dead because its host stayed unavailable (open
 * breaker, rate limit, long `Retry-After`) for longer than `SCRAPE_MAX_DEFERRAL_MS`.
 */
export const HOST_UNAVAILABLE = 'HOST_UNAVAILABLE';

/**
 * The error code stored on a job whose last attempt threw instead of ending in an outcome (its
 * own bookkeeping failed), so it went dead rather than staying `running`.
 */
export const UNEXPECTED_FAILURE = 'UNEXPECTED';

/** The one job scheduler that re-enqueues stale profiles; one id, however many processes. */
export const RESCRAPE_SCHEDULER_ID = 'rescrape-stale-profiles';
