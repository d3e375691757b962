import { z } from 'zod';

const port = z.number().int().min(1).max(65535);
/** A port where 0 means "do not listen". */
const optionalPort = z.number().int().min(0).max(65535);
const positiveInt = z.number().int().min(1);
const nonNegativeInt = z.number().int().min(0);
/** A fraction such as a sampling rate. */
const ratio = z.number().min(0).max(1);
/** Shortest secret Scout accepts, per entry of a secret list. */
const MIN_SECRET_LENGTH = 32;
/** Marks the secrets checked in for development and tests; production refuses them. */
const NON_PRODUCTION_SECRET = /not-for-production/i;

/**
 * A rotatable secret: one or more entries, newest first, given as a list or as one
 * comma-separated string. The newest signs or hashes everything new; older entries only keep
 * what they signed valid until they are removed. Problems name an entry by position, never by
 * value.
 */
function secretList(purpose: string) {
  const required = `required: one or more comma-separated secrets of at least ${MIN_SECRET_LENGTH} characters ${purpose}`;
  return z.preprocess(
    (value) =>
      typeof value === 'string'
        ? value
            .split(',')
            .map((entry) => entry.trim())
            .filter(Boolean)
        : value,
    z
      .array(z.string(), { error: required })
      .min(1, required)
      .superRefine((entries, ctx) => {
        entries.forEach((entry, index) => {
          if (entry.length < MIN_SECRET_LENGTH) {
            ctx.addIssue({
              code: 'custom',
              message: `entry ${index + 1} of ${entries.length} must be at least ${MIN_SECRET_LENGTH} characters`,
            });
          }
          if (entries.indexOf(entry) !== index) {
            ctx.addIssue({
              code: 'custom',
              message: `entry ${index + 1} of ${entries.length} repeats an earlier one`,
            });
          }
        });
      }),
  );
}

/** Read preferences the MongoDB driver accepts; validated here so a typo fails at boot, not on the first read. */
export const READ_PREFERENCES = [
  'primary',
  'primaryPreferred',
  'secondary',
  'secondaryPreferred',
  'nearest',
] as const;

/**
 * How Scout reaches Redis: one endpoint, a Redis Cluster (the URL lists seed nodes), or a
 * primary found through Sentinel (the URL lists sentinels, `sentinelName` names the primary).
 */
export const REDIS_TOPOLOGIES = ['standalone', 'cluster', 'sentinel'] as const;

/** pino's levels plus `silent`, so a typo in LOG_LEVEL is caught at boot. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * The one description of Scout's settings: shape, types, bounds. Defaults live in
 * `config/default.yaml` so operators can read them without reading code.
 */
export const configSchema = z
  .object({
    app: z.object({
      env: z.enum(['development', 'test', 'production']),
      name: z.string().min(1),
    }),
    http: z.object({
      port,
      host: z.string().min(1),
      bodyLimitBytes: positiveInt.max(64 * 1024 * 1024),
      docsEnabled: z.boolean(),
      problemTypeBase: z.string().min(1),
      corsOrigins: z.array(
        z.string().regex(/^https?:\/\/[^/?#\s]+$/, 'must be an origin such as https://app.example'),
      ),
      trustProxy: z.array(z.string().min(1)),
      requestTimeoutMs: nonNegativeInt.max(600_000),
      connectionTimeoutMs: nonNegativeInt.max(600_000),
      headersTimeoutMs: positiveInt.max(600_000),
      keepAliveTimeoutMs: positiveInt.max(600_000),
      bodyTimeoutMs: positiveInt.max(600_000),
      compressionEnabled: z.boolean(),
      compressionThresholdBytes: nonNegativeInt,
      slowRequestMs: nonNegativeInt,
    }),
    worker: z.object({
      port,
      host: z.string().min(1),
    }),
    metrics: z.object({
      port: optionalPort,
      host: z.string().min(1),
    }),
    admin: z.object({
      queuesEnabled: z.boolean(),
      user: z.string().min(1).max(200).optional(),
      password: z.string().min(12, 'must be at least 12 characters').max(200).optional(),
    }),
    mongo: z.object({
      uri: z
        .string({
          error: 'required: a mongodb:// or mongodb+srv:// connection string',
        })
        .regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must be a mongodb:// or mongodb+srv:// URI'),
      maxPoolSize: positiveInt.max(1000),
      minPoolSize: nonNegativeInt.max(1000),
      readPreference: z.enum(READ_PREFERENCES),
      serverSelectionTimeoutMs: positiveInt,
      readTimeoutMs: positiveInt.max(600_000),
      writeTimeoutMs: positiveInt.max(600_000),
      autoIndex: z.boolean(),
      slowCommandMs: nonNegativeInt,
    }),
    redis: z.object({
      url: z
        .string({ error: 'required: a redis:// or rediss:// URL' })
        .regex(
          /^rediss?:\/\/[^\s,]+(,rediss?:\/\/[^\s,]+)*$/,
          'must be a redis:// or rediss:// URL (a comma-separated list for cluster or sentinel)',
        ),
      topology: z.enum(REDIS_TOPOLOGIES),
      sentinelName: z
        .string()
        .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 of A-Z a-z 0-9 . _ -')
        .optional(),
      connectTimeoutMs: positiveInt,
      maxReconnectDelayMs: positiveInt,
      commandTimeoutMs: positiveInt.max(60_000),
    }),
    /** When MongoDB or Redis counts as down, and how often Scout checks whether it is back. */
    dependencies: z.object({
      timeoutsBeforeDown: positiveInt.max(1_000),
      probeIntervalMs: positiveInt.max(60_000),
      retryAfterSeconds: positiveInt.max(3_600),
    }),
    cache: z.object({
      enabled: z.boolean(),
      l1MaxEntries: positiveInt.max(1_000_000),
      profileTtlMs: positiveInt,
      companyTtlMs: positiveInt,
      ttlJitterPercent: nonNegativeInt.max(50),
      staleGraceMs: nonNegativeInt,
      negativeTtlMs: nonNegativeInt,
      redisTimeoutMs: positiveInt.max(10_000),
      warmCount: nonNegativeInt.max(100_000),
    }),
    /**
     * Values of the feature flags read from configuration (see libs/flags); `cache.enabled`
     * stays under `cache` so existing settings files and CACHE_ENABLED keep working.
     */
    flags: z.object({
      scrapingEnabled: z.boolean(),
      scrapingScheduler: z.boolean(),
      cacheWarming: z.boolean(),
    }),
    api: z.object({
      cursorSecrets: secretList('for signing cursors'),
      idempotencyTtlMs: positiveInt.max(30 * 86_400_000),
    }),
    auth: z.object({
      apiKeySecrets: secretList('for hashing API keys'),
      keyCacheTtlMs: positiveInt.max(300_000),
      docsPublic: z.boolean(),
    }),
    /** People's data: suppression hashing, erasure's search, retention ages (docs/privacy.md). */
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
    events: z.object({
      reconcileAfterMs: positiveInt.max(86_400_000),
    }),
    webhooks: z.object({
      secretKeys: secretList('to encrypt webhook signing secrets at rest'),
      allowedHosts: z.array(
        z
          .string()
          .regex(
            /^[a-z0-9.:[\]-]+$/i,
            'must be host names or IP addresses, without scheme or port',
          ),
      ),
      timeoutMs: positiveInt.max(60_000),
      maxAttempts: positiveInt.max(100),
      retryBaseDelayMs: positiveInt,
      retryMaxDelayMs: positiveInt,
      targetConcurrency: positiveInt.max(1_000),
      disableAfterMs: positiveInt,
      dispatchEveryMs: positiveInt.max(60_000),
      dispatchBatchSize: positiveInt.max(1_000),
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
    log: z.object({
      level: z.enum(LOG_LEVELS),
      pretty: z.boolean(),
    }),
    tracing: z.object({
      otlpEndpoint: z
        .string()
        .regex(/^(https?:\/\/\S+)?$/, 'must be empty (tracing off) or an http(s) URL'),
      sampleRatio: ratio,
    }),
    sentry: z.object({
      dsn: z.string().regex(/^(https?:\/\/\S+)?$/, 'must be empty (off) or an http(s) Sentry DSN'),
      environment: z.string(),
      release: z.string(),
      sampleRate: ratio,
    }),
    health: z.object({
      checkTimeoutMs: positiveInt.max(30_000),
    }),
    shutdown: z.object({
      timeoutMs: positiveInt,
      drainDelayMs: nonNegativeInt,
    }),
  })
  .superRefine((value, ctx) => {
    if (value.app.env === 'production') {
      const secrets = [
        { path: ['api', 'cursorSecrets'], entries: value.api.cursorSecrets },
        { path: ['auth', 'apiKeySecrets'], entries: value.auth.apiKeySecrets },
        { path: ['webhooks', 'secretKeys'], entries: value.webhooks.secretKeys },
        { path: ['privacy', 'suppressionSecrets'], entries: value.privacy.suppressionSecrets },
      ];
      for (const { path, entries } of secrets) {
        entries.forEach((entry, index) => {
          if (NON_PRODUCTION_SECRET.test(entry)) {
            ctx.addIssue({
              code: 'custom',
              path,
              message: `entry ${index + 1} of ${entries.length} is a development or test secret; production needs its own`,
            });
          }
        });
      }
    }
    if (value.http.headersTimeoutMs > value.http.bodyTimeoutMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['http', 'headersTimeoutMs'],
        message: 'must not exceed http.bodyTimeoutMs (the whole request has to arrive by then)',
      });
    }
    if (
      value.http.connectionTimeoutMs !== 0 &&
      value.http.requestTimeoutMs !== 0 &&
      value.http.connectionTimeoutMs <= value.http.requestTimeoutMs
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['http', 'connectionTimeoutMs'],
        message:
          'must be 0 or longer than http.requestTimeoutMs, or a slow answer loses its socket before its 503',
      });
    }
    if (value.privacy.retention.idempotencyMs < value.api.idempotencyTtlMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['privacy', 'retention', 'idempotencyMs'],
        message: 'must not be shorter than api.idempotencyTtlMs, or replays end before their time',
      });
    }
    if (value.mongo.minPoolSize > value.mongo.maxPoolSize) {
      ctx.addIssue({
        code: 'custom',
        path: ['mongo', 'minPoolSize'],
        message: 'must not exceed mongo.maxPoolSize',
      });
    }
    if (value.metrics.port !== 0 && value.metrics.port === value.http.port) {
      ctx.addIssue({
        code: 'custom',
        path: ['metrics', 'port'],
        message: 'must differ from http.port (metrics stay off the public listener)',
      });
    }
    if ((value.admin.user === undefined) !== (value.admin.password === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['admin', value.admin.user === undefined ? 'user' : 'password'],
        message: 'set both admin.user and admin.password, or neither',
      });
    }
    if (value.redis.topology === 'sentinel' && value.redis.sentinelName === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['redis', 'sentinelName'],
        message: 'required when redis.topology is sentinel: the name of the monitored primary',
      });
    }
    if (value.redis.topology === 'cluster' && !/\{[^}]+\}/.test(value.queue.prefix)) {
      ctx.addIssue({
        code: 'custom',
        path: ['queue', 'prefix'],
        message: 'needs a {hash tag} on a Redis Cluster, so each queue keeps its keys in one slot',
      });
    }
    if (value.redis.topology === 'standalone' && value.redis.url.includes(',')) {
      ctx.addIssue({
        code: 'custom',
        path: ['redis', 'url'],
        message: 'one URL only when redis.topology is standalone',
      });
    }
    // A dependency's deadline must leave the request time to answer with what happened.
    const requestTimeout = value.http.requestTimeoutMs;
    const deadlines: Array<[string, string, number]> = [
      ['mongo', 'readTimeoutMs', value.mongo.readTimeoutMs],
      ['mongo', 'writeTimeoutMs', value.mongo.writeTimeoutMs],
      ['redis', 'commandTimeoutMs', value.redis.commandTimeoutMs],
    ];
    for (const [section, key, ms] of deadlines) {
      if (requestTimeout > 0 && ms >= requestTimeout) {
        ctx.addIssue({
          code: 'custom',
          path: [section, key],
          message: 'must be shorter than http.requestTimeoutMs',
        });
      }
    }
    if (value.events.reconcileAfterMs <= value.mongo.writeTimeoutMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['events', 'reconcileAfterMs'],
        message: 'must be longer than mongo.writeTimeoutMs (a write may still land until then)',
      });
    }
    if (value.shutdown.drainDelayMs >= value.shutdown.timeoutMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['shutdown', 'drainDelayMs'],
        message: 'must be shorter than shutdown.timeoutMs',
      });
    }
  });

/** Validated settings as the rest of Scout sees them. */
export type ScoutSettings = z.infer<typeof configSchema>;

type Kind = 'string' | 'int' | 'number' | 'bool' | 'list';

/**
 * Environment variables and the setting each one overrides. Kept as data so the
 * loader, the error messages and `.env.example` all speak of the same names.
 */
export const ENV_BINDINGS: ReadonlyArray<{
  env: string;
  path: string;
  kind: Kind;
}> = [
  { env: 'NODE_ENV', path: 'app.env', kind: 'string' },
  { env: 'PORT', path: 'http.port', kind: 'int' },
  { env: 'HOST', path: 'http.host', kind: 'string' },
  { env: 'HTTP_BODY_LIMIT_BYTES', path: 'http.bodyLimitBytes', kind: 'int' },
  { env: 'DOCS_ENABLED', path: 'http.docsEnabled', kind: 'bool' },
  { env: 'PROBLEM_TYPE_BASE', path: 'http.problemTypeBase', kind: 'string' },
  { env: 'CORS_ORIGINS', path: 'http.corsOrigins', kind: 'list' },
  { env: 'TRUST_PROXY', path: 'http.trustProxy', kind: 'list' },
  { env: 'REQUEST_TIMEOUT_MS', path: 'http.requestTimeoutMs', kind: 'int' },
  { env: 'HTTP_CONNECTION_TIMEOUT_MS', path: 'http.connectionTimeoutMs', kind: 'int' },
  { env: 'HTTP_HEADERS_TIMEOUT_MS', path: 'http.headersTimeoutMs', kind: 'int' },
  { env: 'HTTP_KEEP_ALIVE_TIMEOUT_MS', path: 'http.keepAliveTimeoutMs', kind: 'int' },
  { env: 'HTTP_BODY_TIMEOUT_MS', path: 'http.bodyTimeoutMs', kind: 'int' },
  { env: 'COMPRESSION_ENABLED', path: 'http.compressionEnabled', kind: 'bool' },
  {
    env: 'COMPRESSION_THRESHOLD_BYTES',
    path: 'http.compressionThresholdBytes',
    kind: 'int',
  },
  { env: 'SLOW_REQUEST_MS', path: 'http.slowRequestMs', kind: 'int' },
  { env: 'WORKER_PORT', path: 'worker.port', kind: 'int' },
  { env: 'WORKER_HOST', path: 'worker.host', kind: 'string' },
  { env: 'METRICS_PORT', path: 'metrics.port', kind: 'int' },
  { env: 'METRICS_HOST', path: 'metrics.host', kind: 'string' },
  { env: 'ADMIN_QUEUES_ENABLED', path: 'admin.queuesEnabled', kind: 'bool' },
  { env: 'ADMIN_USER', path: 'admin.user', kind: 'string' },
  { env: 'ADMIN_PASSWORD', path: 'admin.password', kind: 'string' },
  { env: 'MONGODB_URI', path: 'mongo.uri', kind: 'string' },
  { env: 'MONGODB_MAX_POOL_SIZE', path: 'mongo.maxPoolSize', kind: 'int' },
  { env: 'MONGODB_MIN_POOL_SIZE', path: 'mongo.minPoolSize', kind: 'int' },
  {
    env: 'MONGODB_READ_PREFERENCE',
    path: 'mongo.readPreference',
    kind: 'string',
  },
  {
    env: 'MONGODB_SERVER_SELECTION_TIMEOUT_MS',
    path: 'mongo.serverSelectionTimeoutMs',
    kind: 'int',
  },
  { env: 'MONGODB_READ_TIMEOUT_MS', path: 'mongo.readTimeoutMs', kind: 'int' },
  { env: 'MONGODB_WRITE_TIMEOUT_MS', path: 'mongo.writeTimeoutMs', kind: 'int' },
  { env: 'MONGODB_AUTO_INDEX', path: 'mongo.autoIndex', kind: 'bool' },
  { env: 'SLOW_MONGO_COMMAND_MS', path: 'mongo.slowCommandMs', kind: 'int' },
  { env: 'REDIS_URL', path: 'redis.url', kind: 'string' },
  { env: 'REDIS_TOPOLOGY', path: 'redis.topology', kind: 'string' },
  { env: 'REDIS_SENTINEL_NAME', path: 'redis.sentinelName', kind: 'string' },
  {
    env: 'REDIS_CONNECT_TIMEOUT_MS',
    path: 'redis.connectTimeoutMs',
    kind: 'int',
  },
  {
    env: 'REDIS_MAX_RECONNECT_DELAY_MS',
    path: 'redis.maxReconnectDelayMs',
    kind: 'int',
  },
  { env: 'REDIS_COMMAND_TIMEOUT_MS', path: 'redis.commandTimeoutMs', kind: 'int' },
  {
    env: 'DEPENDENCY_TIMEOUTS_BEFORE_DOWN',
    path: 'dependencies.timeoutsBeforeDown',
    kind: 'int',
  },
  { env: 'DEPENDENCY_PROBE_INTERVAL_MS', path: 'dependencies.probeIntervalMs', kind: 'int' },
  {
    env: 'DEPENDENCY_RETRY_AFTER_SECONDS',
    path: 'dependencies.retryAfterSeconds',
    kind: 'int',
  },
  { env: 'CACHE_ENABLED', path: 'cache.enabled', kind: 'bool' },
  { env: 'CACHE_L1_MAX_ENTRIES', path: 'cache.l1MaxEntries', kind: 'int' },
  { env: 'CACHE_PROFILE_TTL_MS', path: 'cache.profileTtlMs', kind: 'int' },
  { env: 'CACHE_COMPANY_TTL_MS', path: 'cache.companyTtlMs', kind: 'int' },
  { env: 'CACHE_TTL_JITTER_PERCENT', path: 'cache.ttlJitterPercent', kind: 'int' },
  { env: 'CACHE_STALE_GRACE_MS', path: 'cache.staleGraceMs', kind: 'int' },
  { env: 'CACHE_NEGATIVE_TTL_MS', path: 'cache.negativeTtlMs', kind: 'int' },
  { env: 'CACHE_REDIS_TIMEOUT_MS', path: 'cache.redisTimeoutMs', kind: 'int' },
  { env: 'CACHE_WARM_COUNT', path: 'cache.warmCount', kind: 'int' },
  { env: 'FLAG_SCRAPING_ENABLED', path: 'flags.scrapingEnabled', kind: 'bool' },
  { env: 'FLAG_SCRAPING_SCHEDULER', path: 'flags.scrapingScheduler', kind: 'bool' },
  { env: 'FLAG_CACHE_WARMING', path: 'flags.cacheWarming', kind: 'bool' },
  { env: 'CURSOR_SECRET', path: 'api.cursorSecrets', kind: 'list' },
  { env: 'IDEMPOTENCY_TTL_MS', path: 'api.idempotencyTtlMs', kind: 'int' },
  { env: 'API_KEY_SECRET', path: 'auth.apiKeySecrets', kind: 'list' },
  { env: 'API_KEY_CACHE_TTL_MS', path: 'auth.keyCacheTtlMs', kind: 'int' },
  { env: 'DOCS_PUBLIC', path: 'auth.docsPublic', kind: 'bool' },
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
  { env: 'RATE_LIMIT_ENABLED', path: 'rateLimit.enabled', kind: 'bool' },
  { env: 'RATE_LIMIT_WINDOW_MS', path: 'rateLimit.windowMs', kind: 'int' },
  { env: 'RATE_LIMIT_READS', path: 'rateLimit.reads', kind: 'int' },
  { env: 'RATE_LIMIT_WRITES', path: 'rateLimit.writes', kind: 'int' },
  { env: 'RATE_LIMIT_SCRAPE', path: 'rateLimit.scrape', kind: 'int' },
  { env: 'RATE_LIMIT_ANONYMOUS', path: 'rateLimit.anonymous', kind: 'int' },
  { env: 'RATE_LIMIT_REDIS_TIMEOUT_MS', path: 'rateLimit.redisTimeoutMs', kind: 'int' },
  { env: 'RATE_LIMIT_COSTLY_CONCURRENCY', path: 'rateLimit.costlyConcurrency', kind: 'int' },
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
  { env: 'EVENTS_RECONCILE_AFTER_MS', path: 'events.reconcileAfterMs', kind: 'int' },
  { env: 'WEBHOOK_SECRET_KEY', path: 'webhooks.secretKeys', kind: 'list' },
  { env: 'WEBHOOK_ALLOWED_HOSTS', path: 'webhooks.allowedHosts', kind: 'list' },
  { env: 'WEBHOOK_TIMEOUT_MS', path: 'webhooks.timeoutMs', kind: 'int' },
  { env: 'WEBHOOK_MAX_ATTEMPTS', path: 'webhooks.maxAttempts', kind: 'int' },
  { env: 'WEBHOOK_RETRY_BASE_DELAY_MS', path: 'webhooks.retryBaseDelayMs', kind: 'int' },
  { env: 'WEBHOOK_RETRY_MAX_DELAY_MS', path: 'webhooks.retryMaxDelayMs', kind: 'int' },
  { env: 'WEBHOOK_TARGET_CONCURRENCY', path: 'webhooks.targetConcurrency', kind: 'int' },
  { env: 'WEBHOOK_DISABLE_AFTER_MS', path: 'webhooks.disableAfterMs', kind: 'int' },
  { env: 'WEBHOOK_DISPATCH_EVERY_MS', path: 'webhooks.dispatchEveryMs', kind: 'int' },
  { env: 'WEBHOOK_DISPATCH_BATCH_SIZE', path: 'webhooks.dispatchBatchSize', kind: 'int' },
  { env: 'QUEUE_PREFIX', path: 'queue.prefix', kind: 'string' },
  { env: 'WORKER_QUEUES', path: 'queue.workerQueues', kind: 'list' },
  { env: 'WORKER_CONCURRENCY', path: 'queue.concurrency', kind: 'int' },
  { env: 'QUEUE_JOB_ATTEMPTS', path: 'queue.jobAttempts', kind: 'int' },
  { env: 'QUEUE_KEEP_COMPLETED', path: 'queue.keepCompleted', kind: 'int' },
  { env: 'QUEUE_KEEP_FAILED', path: 'queue.keepFailed', kind: 'int' },
  { env: 'QUEUE_LOCK_DURATION_MS', path: 'queue.lockDurationMs', kind: 'int' },
  { env: 'QUEUE_STALLED_INTERVAL_MS', path: 'queue.stalledIntervalMs', kind: 'int' },
  { env: 'QUEUE_ENQUEUE_TIMEOUT_MS', path: 'queue.enqueueTimeoutMs', kind: 'int' },
  { env: 'LOG_LEVEL', path: 'log.level', kind: 'string' },
  { env: 'LOG_PRETTY', path: 'log.pretty', kind: 'bool' },
  { env: 'OTEL_EXPORTER_OTLP_ENDPOINT', path: 'tracing.otlpEndpoint', kind: 'string' },
  { env: 'TRACING_SAMPLE_RATIO', path: 'tracing.sampleRatio', kind: 'number' },
  { env: 'SENTRY_DSN', path: 'sentry.dsn', kind: 'string' },
  { env: 'SENTRY_ENVIRONMENT', path: 'sentry.environment', kind: 'string' },
  { env: 'SENTRY_RELEASE', path: 'sentry.release', kind: 'string' },
  { env: 'SENTRY_SAMPLE_RATE', path: 'sentry.sampleRate', kind: 'number' },
  {
    env: 'HEALTH_CHECK_TIMEOUT_MS',
    path: 'health.checkTimeoutMs',
    kind: 'int',
  },
  { env: 'SHUTDOWN_TIMEOUT_MS', path: 'shutdown.timeoutMs', kind: 'int' },
  {
    env: 'SHUTDOWN_DRAIN_DELAY_MS',
    path: 'shutdown.drainDelayMs',
    kind: 'int',
  },
];
