import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { tracingEnabled } from './tracing-state';

/** W3C trace context as it travels inside a queued job's data. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

const TRACER = 'scout.queue';

/** Reads a carrier back from untrusted job data; anything malformed counts as absent. */
export function readTraceCarrier(value: unknown): TraceCarrier | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { traceparent, tracestate } = value as Record<string, unknown>;
  if (typeof traceparent !== 'string' || traceparent.length > 128) return undefined;
  const carrier: TraceCarrier = { traceparent };
  if (typeof tracestate === 'string' && tracestate.length <= 512) carrier.tracestate = tracestate;
  return carrier;
}

/**
 * Runs an enqueue inside a PRODUCER span and hands `send` the span's trace context to store in
 * the job, so the worker's spans join the caller's trace. Without tracing, `send` runs at once
 * with no carrier and no tracing call is made.
 */
export async function traceEnqueue<T>(
  queue: string,
  jobName: string,
  send: (carrier: TraceCarrier | undefined) => Promise<T>,
): Promise<T> {
  if (!tracingEnabled()) return send(undefined);
  return trace.getTracer(TRACER).startActiveSpan(
    `publish ${queue}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'bullmq',
        'messaging.operation.type': 'send',
        'messaging.destination.name': queue,
        'scout.job.name': jobName,
      },
    },
    async (span) => {
      try {
        const carrier: TraceCarrier = {};
        propagation.inject(context.active(), carrier);
        return await send(carrier.traceparent ? carrier : undefined);
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * Runs one job inside a CONSUMER span whose parent is the trace context stored at enqueue time
 * (a new trace without one); everything the job does (fetches, MongoDB, Redis) becomes part of that trace. `expected` names
 * errors that are control flow (a job put back to wait), not failures.
 */
export async function traceJob<T>(
  job: { queue: string; name: string; id?: string; attempt: number; carrier?: TraceCarrier },
  run: () => Promise<T>,
  expected: (error: unknown) => boolean = () => false,
): Promise<T> {
  if (!tracingEnabled()) return run();
  // Never the ambient context: whatever the queue client was doing is not this job's parent.
  const parent = job.carrier ? propagation.extract(ROOT_CONTEXT, job.carrier) : ROOT_CONTEXT;
  return trace.getTracer(TRACER).startActiveSpan(
    `process ${job.queue}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'bullmq',
        'messaging.operation.type': 'process',
        'messaging.destination.name': job.queue,
        'messaging.message.id': job.id ?? '',
        'scout.job.name': job.name,
        'scout.job.attempt': job.attempt,
      },
    },
    parent,
    async (span) => {
      try {
        return await run();
      } catch (error) {
        if (!expected(error)) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
