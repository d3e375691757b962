import { z } from 'zod';
import { type EnvBinding, nonNegativeInt, positiveInt } from './primitives';

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

/** MongoDB, Redis, and when either counts as down. */
export const storeSections = {
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
    /**
     * The PostgreSQL database behind FerretDB's postgresql backend, for the index sync's
     * PostgreSQL indexes; empty on MongoDB and on other backends.
     */
    ferretdbPostgresqlUrl: z
      .string()
      .regex(/^(postgres(ql)?:\/\/\S+)?$/, 'must be empty or a postgres:// connection URL'),
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
};

/** Environment variables of the store sections. */
export const STORES_ENV: EnvBinding[] = [
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
  { env: 'FERRETDB_POSTGRESQL_URL', path: 'mongo.ferretdbPostgresqlUrl', kind: 'string' },
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
];
