export { parseScrapeJobPayload, type ScrapeJobPayload } from './scrape-job.payload';
export type { ScrapeJobView } from './scrape-job.view';
export type { ReplayFilter } from './repositories/scrape-job.repository';
export { MAX_REPLAY, type ReplayResult } from './scrape-job-replays.service';
export { type ScrapeBatchItem, type ScrapeRequest } from './scrape-requests.service';
export { ScrapeJobsService } from './scrape-jobs.service';
export { MaintenanceQueue } from './maintenance.queue';
export { QueueOverview } from './queue-overview';
export { QUEUE_DEPTH_TIMEOUT_MS, registerQueueDepthMetrics } from './queue-depth.metrics';
export { ScrapeQueue } from './scrape.queue';
export { ScrapeJobRepository, type TransitionChanges } from './repositories/scrape-job.repository';
export { isEventedStatus, jobTransitionEvent } from './scrape-job-events';
export {
  DEAD_REASONS,
  type DeadReason,
  HOST_UNAVAILABLE,
  JobName,
  PRIORITIES,
  type Priority,
  QueueName,
  REPLAYABLE_STATUSES,
  type ReplayableStatus,
  SCRAPE_JOB_STATUSES,
  type ScrapeJobStatus,
  UNEXPECTED_FAILURE,
} from './scraping.constants';
export { SCRAPING_MODELS, ScrapingModule } from './scraping.module';
export { SCRAPE_JOB_QUERY_SHAPES } from './repositories/query-shapes';
