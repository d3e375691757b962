export { createRootLogger, REDACTED_PATHS } from './logger.factory';
export { LoggingModule } from './logging.module';
export { RequestLogController, type RequestObserver, UNMATCHED_ROUTE } from './request-logging';
export { ThrottledLogger } from './throttled-logger';
export {
  type DependencyStatesSource,
  registerDependencyMetrics,
} from './metrics/dependency-metrics';
export { HttpMetrics } from './metrics/http-metrics';
export { MetricsModule } from './metrics/metrics.module';
export { MetricsRegistry } from './metrics/metrics.registry';
export {
  type ManagementRoutes,
  type MetricsServer,
  type MetricsSource,
  startMetricsServer,
} from './metrics/metrics-server';
export { type MongoConnectionLike, MongoPoolMetrics } from './metrics/mongo-pool-metrics';
export {
  type JobFinish,
  type JobOutcome,
  type QueueCountsSource,
  QueueMetrics,
  registerQueueDepthMetrics,
} from './metrics/queue-metrics';
export {
  BREAKER_STATE_VALUES,
  type CacheCountersLike,
  type CacheStatsSource,
  type OutboundHostLike,
  type OutboundStatsSource,
  type PrivacyStatsSource,
  registerCacheMetrics,
  registerOutboundMetrics,
  registerPrivacyMetrics,
} from './metrics/stats-collectors';
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
