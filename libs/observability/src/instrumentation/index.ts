/**
 * The boot-time entry of observability, imported first by each app's `main.ts`: it loads only
 * the settings loader and, when configured, the tracing and error-tracking SDKs, which must be
 * running before Nest, Fastify, MongoDB, ioredis, BullMQ or undici are loaded. Nothing else of
 * observability is imported from here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadConfigOrExit } from '@scout/config/loader';
import { flushErrorReports, installErrorSink } from '../error-tracking/error-sink';
import { markTracingStarted, stopTracing } from '../tracing/tracing-state';

/** Service names as traces and error events show them. */
export type ServiceName = 'scout-api' | 'scout-worker';

/** Scout's version from the nearest package.json, for the release and the service version. */
function packageVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
    if (parsed.name === 'scout' && typeof parsed.version === 'string') return parsed.version;
  }
  return '0.0.0';
}

/**
 * Starts tracing when `OTEL_EXPORTER_OTLP_ENDPOINT` is set and error tracking when `SENTRY_DSN`
 * is set. With neither, no SDK is even loaded: the off path costs nothing at run time. Invalid
 * settings stop the process here, as they would a moment later in bootstrap.
 */
export function instrument(serviceName: ServiceName): void {
  const settings = loadConfigOrExit();
  const version = packageVersion();
  if (settings.tracing.otlpEndpoint !== '') {
    // Loaded on demand: requiring the SDK is what patches the instrumented modules.
    type TracingSdk = typeof import('../tracing/tracing-sdk');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- conditional load, see above
    const sdk = require('../tracing/tracing-sdk') as TracingSdk;
    markTracingStarted(
      sdk.startTracingSdk({
        serviceName,
        serviceVersion: version,
        environment: settings.app.env,
        otlpEndpoint: settings.tracing.otlpEndpoint,
        sampleRatio: settings.tracing.sampleRatio,
      }),
    );
  }
  if (settings.sentry.dsn !== '') {
    type SentrySink = typeof import('../error-tracking/sentry-sink');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only with a DSN
    const sentry = require('../error-tracking/sentry-sink') as SentrySink;
    installErrorSink(
      sentry.startSentry({
        dsn: settings.sentry.dsn,
        environment: settings.sentry.environment || settings.app.env,
        release: settings.sentry.release || `scout@${version}`,
        sampleRate: settings.sentry.sampleRate,
        serviceName,
      }),
    );
  }
}

/**
 * Sends buffered spans and error events before the process exits (graceful shutdown). Bounded
 * by `timeoutMs`, so an unreachable collector or Sentry never holds up a shutdown.
 */
export async function flushTelemetry(timeoutMs = 2_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
    timer.unref();
  });
  const flushed = Promise.all([flushErrorReports(timeoutMs), stopTracing()]).then(
    () => undefined,
    () => undefined,
  );
  await Promise.race([flushed, deadline]);
  clearTimeout(timer);
}
