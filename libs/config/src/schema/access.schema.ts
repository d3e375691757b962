import { z } from 'zod';
import { type EnvBinding, nonNegativeInt, positiveInt, secretList } from './primitives';

/** Who may call the api and how often: cursors and idempotency, API keys, rate limits. */
export const accessSections = {
  api: z.object({
    cursorSecrets: secretList('for signing cursors'),
    idempotencyTtlMs: positiveInt.max(30 * 86_400_000),
  }),
  auth: z.object({
    apiKeySecrets: secretList('for hashing API keys'),
    keyCacheTtlMs: positiveInt.max(300_000),
    docsPublic: z.boolean(),
  }),
  rateLimit: z.object({
    enabled: z.boolean(),
    windowMs: positiveInt.max(3_600_000),
    reads: positiveInt,
    writes: positiveInt,
    scrape: positiveInt,
    anonymous: positiveInt,
    redisTimeoutMs: positiveInt.max(10_000),
    costlyConcurrency: nonNegativeInt.max(1000),
  }),
};

/** Environment variables of the access sections. */
export const ACCESS_ENV: EnvBinding[] = [
  { env: 'CURSOR_SECRET', path: 'api.cursorSecrets', kind: 'list' },
  { env: 'IDEMPOTENCY_TTL_MS', path: 'api.idempotencyTtlMs', kind: 'int' },
  { env: 'API_KEY_SECRET', path: 'auth.apiKeySecrets', kind: 'list' },
  { env: 'API_KEY_CACHE_TTL_MS', path: 'auth.keyCacheTtlMs', kind: 'int' },
  { env: 'DOCS_PUBLIC', path: 'auth.docsPublic', kind: 'bool' },
  { env: 'RATE_LIMIT_ENABLED', path: 'rateLimit.enabled', kind: 'bool' },
  { env: 'RATE_LIMIT_WINDOW_MS', path: 'rateLimit.windowMs', kind: 'int' },
  { env: 'RATE_LIMIT_READS', path: 'rateLimit.reads', kind: 'int' },
  { env: 'RATE_LIMIT_WRITES', path: 'rateLimit.writes', kind: 'int' },
  { env: 'RATE_LIMIT_SCRAPE', path: 'rateLimit.scrape', kind: 'int' },
  { env: 'RATE_LIMIT_ANONYMOUS', path: 'rateLimit.anonymous', kind: 'int' },
  { env: 'RATE_LIMIT_REDIS_TIMEOUT_MS', path: 'rateLimit.redisTimeoutMs', kind: 'int' },
  { env: 'RATE_LIMIT_COSTLY_CONCURRENCY', path: 'rateLimit.costlyConcurrency', kind: 'int' },
];
