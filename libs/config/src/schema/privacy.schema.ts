import { z } from 'zod';
import { type EnvBinding, positiveInt, secretList } from './primitives';

/** People's data: suppression hashing, erasure's search, retention ages (docs/privacy.md). */
export const privacySections = {
  privacy: z.object({
    suppressionSecrets: secretList('for hashing suppressed people'),
    erasureScan: z.boolean(),
    retention: z.object({
      scrapeJobsMs: positiveInt,
      idempotencyMs: positiveInt,
      historyMs: positiveInt,
      erasureReceiptsMs: positiveInt,
      batchSize: positiveInt.max(10_000),
      maxBatches: positiveInt.max(10_000),
    }),
  }),
};

/** Environment variables of the privacy section. */
export const PRIVACY_ENV: EnvBinding[] = [
  { env: 'PRIVACY_SUPPRESSION_SECRET', path: 'privacy.suppressionSecrets', kind: 'list' },
  { env: 'PRIVACY_ERASURE_SCAN', path: 'privacy.erasureScan', kind: 'bool' },
  { env: 'RETENTION_SCRAPE_JOBS_MS', path: 'privacy.retention.scrapeJobsMs', kind: 'int' },
  { env: 'RETENTION_IDEMPOTENCY_MS', path: 'privacy.retention.idempotencyMs', kind: 'int' },
  { env: 'RETENTION_HISTORY_MS', path: 'privacy.retention.historyMs', kind: 'int' },
  {
    env: 'RETENTION_ERASURE_RECEIPTS_MS',
    path: 'privacy.retention.erasureReceiptsMs',
    kind: 'int',
  },
  { env: 'RETENTION_BATCH_SIZE', path: 'privacy.retention.batchSize', kind: 'int' },
  { env: 'RETENTION_MAX_BATCHES', path: 'privacy.retention.maxBatches', kind: 'int' },
];
