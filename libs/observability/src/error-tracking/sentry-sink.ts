import * as Sentry from '@sentry/nestjs';
import type { ErrorSink } from './error-sink';
import { scrubEvent } from './scrub';

/** What Sentry needs to know; taken from the validated settings by the instrumentation entry. */
export interface SentryOptions {
  dsn: string;
  environment: string;
  release: string;
  sampleRate: number;
  serviceName: string;
}

/**
 * Starts Sentry for error tracking next to Scout's own OpenTelemetry SDK
 * (`skipOpenTelemetrySetup`, and none of Sentry's auto-instrumentation, so nothing is traced or
 * patched twice). Kept: crash capture — uncaught exceptions and unhandled rejections still end
 * the process with exit code 1 — plus linked causes, de-duplication and runtime context. No
 * personal data: `sendDefaultPii` is off and every event passes the scrubber.
 */
export function startSentry(options: SentryOptions): ErrorSink {
  Sentry.init({
    dsn: options.dsn,
    environment: options.environment,
    release: options.release,
    sampleRate: options.sampleRate,
    sendDefaultPii: false,
    skipOpenTelemetrySetup: true,
    defaultIntegrations: false,
    integrations: [
      Sentry.eventFiltersIntegration(),
      Sentry.functionToStringIntegration(),
      Sentry.linkedErrorsIntegration(),
      Sentry.dedupeIntegration(),
      Sentry.nodeContextIntegration(),
      Sentry.onUncaughtExceptionIntegration(),
      Sentry.onUnhandledRejectionIntegration({ mode: 'strict' }),
    ],
    initialScope: { tags: { service: options.serviceName } },
    beforeSend: (event) => scrubEvent(event),
    beforeSendTransaction: (event) => scrubEvent(event),
    beforeBreadcrumb: (crumb) => ({ ...crumb, data: undefined }),
  });
  return {
    capture: (error, tags) => {
      Sentry.captureException(error, { tags });
    },
    flush: async (timeoutMs) => {
      await Sentry.flush(timeoutMs);
    },
  };
}
