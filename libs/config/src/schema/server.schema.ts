import { z } from 'zod';
import { type EnvBinding, nonNegativeInt, optionalPort, port, positiveInt } from './primitives';

/** The process itself and its listeners: the public HTTP port, the worker's and metrics' ports, the admin pages. */
export const serverSections = {
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
};

/** Environment variables of the server sections. */
export const SERVER_ENV: EnvBinding[] = [
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
];
