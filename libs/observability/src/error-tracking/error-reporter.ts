import { activeTraceIds } from '../tracing/tracing-state';

/** Where reported errors go: Sentry when a DSN is configured, nowhere otherwise. */
export interface ErrorSink {
  capture(error: unknown, tags: Record<string, string>): void;
  /** The trace id the sink itself would use when no OpenTelemetry span is active. */
  fallbackTraceId(): string | undefined;
  flush(timeoutMs: number): Promise<void>;
}

/** Where an error happened: the request id and route template, or the job and its id. */
export interface ErrorContext {
  requestId?: string;
  route?: string;
  job?: string;
  jobId?: string;
  code?: string;
}

let sink: ErrorSink | undefined;

/** Set once at boot by the instrumentation entry when error tracking is configured. */
export function installErrorSink(value: ErrorSink): void {
  sink = value;
}

/** Whether errors are being sent anywhere (a DSN was configured at boot). */
export function errorTrackingEnabled(): boolean {
  return sink !== undefined;
}

/**
 * Sends an unexpected failure to error tracking, tagged so it can be found from a log line
 * (requestId, traceId) and grouped by where it happened (route or job). A no-op without a DSN,
 * so callers need no configuration of their own.
 */
export function reportError(error: unknown, where: ErrorContext): void {
  if (sink === undefined) return;
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(where)) {
    if (typeof value === 'string' && value !== '') tags[key] = value;
  }
  const traceId = activeTraceIds()?.traceId ?? sink.fallbackTraceId();
  if (traceId) tags.traceId = traceId;
  sink.capture(error, tags);
}

/** Sends what error tracking still holds; bounded, for shutdown. */
export async function flushErrorReports(timeoutMs: number): Promise<void> {
  await sink?.flush(timeoutMs);
}
