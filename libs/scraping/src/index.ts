export { parseScrapeJobPayload, type ScrapeJobPayload } from './scrape-job.payload';
export type { ScrapeJobView } from './scrape-job.view';
export { type ScrapeBatchItem, ScrapeJobsService, type ScrapeRequest } from './scrape-jobs.service';
export { ScrapeQueue } from './scrape.queue';
export { type AttemptInfo, type RunOutcome, ScrapeRunner } from './scrape.runner';
export {
  JobName,
  PRIORITIES,
  type Priority,
  QueueName,
  SCRAPE_JOB_STATUSES,
  type ScrapeJobStatus,
} from './scraping.constants';
export { SCRAPING_MODELS, ScrapingModule } from './scraping.module';
export * from './source';
export { SCRAPE_JOB_QUERY_SHAPES } from './repositories/query-shapes';
