import type { FastifyRequest } from 'fastify';
import { UNMATCHED_ROUTE } from '../request-logging';
import { activeTraceIds } from '../tracing/tracing-state';
import { errorSink } from './error-sink';

/** Where an error happened: the request id and route template, or the job and its id. */
export interface ErrorContext {
  requestId?: string;
  /** The caller's trace id, used when this process records no trace of its own. */
  traceId?: string;
  route?: string;
  job?: string;
  jobId?: string;
  code?: string;
}

/**
 * Sends an unexpected failure to error tracking, tagged so it can be found from a log line
 * (requestId, traceId) and grouped by where it happened (route or job). A no-op without a DSN,
 * so callers need no configuration of their own.
 */
export function reportError(error: unknown, where: ErrorContext): void {
  const sink = errorSink();
  if (sink === undefined) return;
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(where)) {
    if (typeof value === 'string' && value !== '') tags[key] = value;
  }
  const traceId = activeTraceIds()?.traceId;
  if (traceId) tags.traceId = traceId;
  sink.capture(error, tags);
}

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * Reports an unexpected failure of an HTTP request (the api's 500s), tagged with its request
 * id, route template (never the raw URL) and trace id — the recorded trace's, or with tracing
 * off the one a caller sent in `traceparent`.
 */
export function reportRequestError(error: unknown, request: FastifyRequest): void {
  if (errorSink() === undefined) return;
  const header = request.headers.traceparent;
  const traceparent = typeof header === 'string' ? TRACEPARENT.exec(header.trim()) : null;
  reportError(error, {
    requestId: String(request.id),
    route: request.routeOptions?.url ?? UNMATCHED_ROUTE,
    traceId: traceparent?.[1],
  });
}
