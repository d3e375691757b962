/** Where reported errors go: Sentry when a DSN is configured, nowhere otherwise. */
export interface ErrorSink {
  capture(error: unknown, tags: Record<string, string>): void;
  flush(timeoutMs: number): Promise<void>;
}

let sink: ErrorSink | undefined;

/** Set once at boot by the instrumentation entry when error tracking is configured. */
export function installErrorSink(value: ErrorSink): void {
  sink = value;
}

/** The installed sink; undefined without a DSN. */
export function errorSink(): ErrorSink | undefined {
  return sink;
}

/** Sends what error tracking still holds; bounded, for shutdown. */
export async function flushErrorReports(timeoutMs: number): Promise<void> {
  await sink?.flush(timeoutMs);
}
