import { z } from 'zod';
import { type EnvBinding, nonNegativeInt, positiveInt } from './primitives';

/** The scraper (target site, politeness, retries, scheduling) and the job queues that run it. */
export const scrapingSections = {
  scraping: z.object({
    baseUrl: z
      .string({ error: 'required: the http(s) origin of the profile site to scrape' })
      .regex(
        /^https?:\/\/[^/?#@\s]+\/?$/,
        'must be an http(s) origin such as https://profiles.example',
      ),
    userAgent: z.string().min(1).max(300),
    timeoutMs: positiveInt.max(120_000),
    maxResponseBytes: positiveInt.max(50 * 1024 * 1024),
    maxAttempts: positiveInt.max(10),
    retryBaseDelayMs: positiveInt,
    retryMaxDelayMs: positiveInt,
    breakerThreshold: positiveInt.max(1_000),
    breakerHalfOpenAfterMs: positiveInt,
    hostConcurrency: positiveInt.max(1_000),
    ratePerMinute: positiveInt.max(100_000),
    respectRobots: z.boolean(),
    robotsTtlMs: positiveInt.max(86_400_000),
    /** Let the site resolve to private or loopback addresses (connections stay pinned). */
    allowPrivateAddresses: z.boolean(),
    /** Parse caps on scraped pages (docs/security.md, API10); deeper markup overflows the stack. */
    htmlMaxDepth: positiveInt.max(2_000),
    jsonLdMaxDepth: positiveInt.max(1_000),
    jsonLdMaxNodes: positiveInt.max(1_000_000),
    jsonLdMaxBlocks: positiveInt.max(1_000),
    parseBudgetMs: positiveInt.max(60_000),
    staleAfterMs: positiveInt,
    schedulerEveryMs: positiveInt,
    schedulerBatchSize: positiveInt.max(10_000),
    maxDeferralMs: positiveInt,
    sweepEveryMs: positiveInt.max(3_600_000),
  }),
  queue: z.object({
    prefix: z
      .string()
      .regex(
        /^[A-Za-z0-9:_{}-]{1,64}$/,
        'must be 1-64 of A-Z a-z 0-9 : _ - { } (braces make a Redis Cluster hash tag)',
      ),
    workerQueues: z.array(z.enum(['scrape', 'maintenance', 'webhooks'])).min(1),
    concurrency: positiveInt.max(1_000),
    jobAttempts: positiveInt.max(100),
    keepCompleted: nonNegativeInt,
    keepFailed: nonNegativeInt,
    lockDurationMs: positiveInt,
    stalledIntervalMs: positiveInt,
    enqueueTimeoutMs: positiveInt.max(10_000),
  }),
};

/** Environment variables of the scraping and queue sections. */
export const SCRAPING_ENV: EnvBinding[] = [
  { env: 'SCRAPER_BASE_URL', path: 'scraping.baseUrl', kind: 'string' },
  { env: 'SCRAPER_USER_AGENT', path: 'scraping.userAgent', kind: 'string' },
  { env: 'SCRAPER_TIMEOUT_MS', path: 'scraping.timeoutMs', kind: 'int' },
  { env: 'SCRAPER_MAX_RESPONSE_BYTES', path: 'scraping.maxResponseBytes', kind: 'int' },
  { env: 'SCRAPER_MAX_ATTEMPTS', path: 'scraping.maxAttempts', kind: 'int' },
  { env: 'SCRAPER_RETRY_BASE_DELAY_MS', path: 'scraping.retryBaseDelayMs', kind: 'int' },
  { env: 'SCRAPER_RETRY_MAX_DELAY_MS', path: 'scraping.retryMaxDelayMs', kind: 'int' },
  { env: 'SCRAPER_BREAKER_THRESHOLD', path: 'scraping.breakerThreshold', kind: 'int' },
  {
    env: 'SCRAPER_BREAKER_HALF_OPEN_AFTER_MS',
    path: 'scraping.breakerHalfOpenAfterMs',
    kind: 'int',
  },
  { env: 'SCRAPER_HOST_CONCURRENCY', path: 'scraping.hostConcurrency', kind: 'int' },
  { env: 'SCRAPER_RATE_PER_MINUTE', path: 'scraping.ratePerMinute', kind: 'int' },
  { env: 'SCRAPER_RESPECT_ROBOTS', path: 'scraping.respectRobots', kind: 'bool' },
  { env: 'SCRAPER_ROBOTS_TTL_MS', path: 'scraping.robotsTtlMs', kind: 'int' },
  {
    env: 'SCRAPER_ALLOW_PRIVATE_ADDRESSES',
    path: 'scraping.allowPrivateAddresses',
    kind: 'bool',
  },
  { env: 'SCRAPER_HTML_MAX_DEPTH', path: 'scraping.htmlMaxDepth', kind: 'int' },
  { env: 'SCRAPER_JSONLD_MAX_DEPTH', path: 'scraping.jsonLdMaxDepth', kind: 'int' },
  { env: 'SCRAPER_JSONLD_MAX_NODES', path: 'scraping.jsonLdMaxNodes', kind: 'int' },
  { env: 'SCRAPER_JSONLD_MAX_BLOCKS', path: 'scraping.jsonLdMaxBlocks', kind: 'int' },
  { env: 'SCRAPER_PARSE_BUDGET_MS', path: 'scraping.parseBudgetMs', kind: 'int' },
  { env: 'SCRAPE_STALE_AFTER_MS', path: 'scraping.staleAfterMs', kind: 'int' },
  { env: 'SCRAPE_SCHEDULER_EVERY_MS', path: 'scraping.schedulerEveryMs', kind: 'int' },
  { env: 'SCRAPE_SCHEDULER_BATCH_SIZE', path: 'scraping.schedulerBatchSize', kind: 'int' },
  { env: 'SCRAPE_MAX_DEFERRAL_MS', path: 'scraping.maxDeferralMs', kind: 'int' },
  { env: 'SCRAPE_SWEEP_EVERY_MS', path: 'scraping.sweepEveryMs', kind: 'int' },
  { env: 'QUEUE_PREFIX', path: 'queue.prefix', kind: 'string' },
  { env: 'WORKER_QUEUES', path: 'queue.workerQueues', kind: 'list' },
  { env: 'WORKER_CONCURRENCY', path: 'queue.concurrency', kind: 'int' },
  { env: 'QUEUE_JOB_ATTEMPTS', path: 'queue.jobAttempts', kind: 'int' },
  { env: 'QUEUE_KEEP_COMPLETED', path: 'queue.keepCompleted', kind: 'int' },
  { env: 'QUEUE_KEEP_FAILED', path: 'queue.keepFailed', kind: 'int' },
  { env: 'QUEUE_LOCK_DURATION_MS', path: 'queue.lockDurationMs', kind: 'int' },
  { env: 'QUEUE_STALLED_INTERVAL_MS', path: 'queue.stalledIntervalMs', kind: 'int' },
  { env: 'QUEUE_ENQUEUE_TIMEOUT_MS', path: 'queue.enqueueTimeoutMs', kind: 'int' },
];
