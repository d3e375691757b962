export { createRootLogger, REDACTED_PATHS } from './logger.factory';
export { LoggingModule } from './logging.module';
export { RequestLogController, type RequestObserver, UNMATCHED_ROUTE } from './request-logging';
export { ThrottledLogger } from './throttled-logger';
export { HttpMetrics } from './metrics/http-metrics';
export { MetricsModule } from './metrics/metrics.module';
export { MetricsRegistry } from './metrics/metrics.registry';
export {
  type ManagementRoutes,
  type MetricsServer,
  type MetricsSource,
  startMetricsServer,
} from './metrics/metrics-server';
export { type JobFinish, type JobOutcome, QueueMetrics } from './metrics/queue-metrics';
export {
  type ErrorContext,
  reportError,
  reportRequestError,
} from './error-tracking/error-reporter';
export { flushTelemetry } from './instrumentation';
export { activeTraceIds } from './tracing/tracing-state';
export {
  readTraceCarrier,
  type TraceCarrier,
  traceEnqueue,
  traceJob,
} from './tracing/queue-tracing';
