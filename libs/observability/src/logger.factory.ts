import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { AppConfig } from '@scout/config';
import { activeTraceIds, tracingEnabled } from './tracing/tracing-state';

/**
 * Paths pino replaces with `[Redacted]`: credentials never reach a log line, whichever code
 * logs a request, a response or an error.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  'headers["set-cookie"]',
  '*.password',
  '*.secret',
  '*.token',
];

function prettyAvailable(): boolean {
  try {
    createRequire(__filename).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/** `trace_id` and `span_id` of the active span on every line logged inside a trace. */
function traceFields(): Record<string, string> {
  const ids = activeTraceIds();
  return ids ? { trace_id: ids.traceId, span_id: ids.spanId } : {};
}

/**
 * Builds the process's root logger once: Fastify, Nest and job code all log through children
 * of it, so redaction, level and format are decided in one place.
 */
export function createRootLogger(
  config: Pick<AppConfig, 'log' | 'app'>,
  destination?: DestinationStream,
): Logger {
  const options: LoggerOptions = {
    level: config.log.level,
    base: { app: config.app.name, env: config.app.env },
    redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  // Only with tracing on: without it, log lines cost no extra call.
  if (tracingEnabled()) options.mixin = traceFields;
  if (destination) return pino(options, destination);
  if (config.log.pretty && prettyAvailable()) {
    return pino({
      ...options,
      transport: {
        target: 'pino-pretty',
        options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' },
      },
    });
  }
  return pino(options);
}
