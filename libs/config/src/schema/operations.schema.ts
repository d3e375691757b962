import { z } from 'zod';
import { type EnvBinding, nonNegativeInt, positiveInt, ratio } from './primitives';

/** pino's levels plus `silent`, so a typo in LOG_LEVEL is caught at boot. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** What operators see and control: logs, traces, error tracking, probes, shutdown. */
export const operationsSections = {
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
};

/** Environment variables of the operations sections. */
export const OPERATIONS_ENV: EnvBinding[] = [
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
