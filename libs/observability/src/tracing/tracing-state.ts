import { trace } from '@opentelemetry/api';

/** What a running tracing SDK offers the rest of the process. */
export interface TracingHandle {
  /** Exports what is still buffered and stops recording. */
  shutdown(): Promise<void>;
}

let active: TracingHandle | undefined;

/**
 * Records that the SDK is running. Hot paths ask `tracingEnabled()` (a boolean read) before
 * touching any tracing API, so a process without an OTLP endpoint pays nothing per request.
 */
export function markTracingStarted(handle: TracingHandle): void {
  active = handle;
}

/** Whether this process records traces (an OTLP endpoint was configured at boot). */
export function tracingEnabled(): boolean {
  return active !== undefined;
}

/** The trace and span ids of the active span, for log lines and error reports. */
export function activeTraceIds(): { traceId: string; spanId: string } | undefined {
  if (active === undefined) return undefined;
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

/** Flushes and stops the SDK if it runs; safe to call more than once. */
export async function stopTracing(): Promise<void> {
  const handle = active;
  active = undefined;
  await handle?.shutdown();
}
