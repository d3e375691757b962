export { ResilienceModule } from './resilience.module';
export { breakerSettings, OutboundPolicies } from './outbound-policies';
export {
  OutboundPolicy,
  type OutboundContext,
  type OutboundSettings,
  type OutboundWork,
} from './outbound.policy';
export { type ClassifiedFailure, type FailureClassifier } from './outbound-failure';
export {
  SharedCircuitBreaker,
  type AdmittedPermit,
  type BreakerPermit,
} from './shared-circuit-breaker';
export { HostRateLimiter } from './host-rate-limiter';
export {
  BREAKER_STATE_VALUES,
  type MeasuredPolicy,
  registerOutboundMetrics,
} from './outbound.metrics';
export { type RateDecision } from './rate-decision';
export { HostUnavailableError, type HostUnavailableReason } from './host-unavailable.error';
export {
  OutboundStats,
  type OutboundCounters,
  type OutboundHostStats,
  type OutboundOutcome,
  type OutboundStatsSnapshot,
} from './outbound-stats';
export { type BreakerEffect, type BreakerState, type BreakerTransition } from './breaker.types';
export { fullJitterBackoffMs } from './backoff';
export { decideRetry, type RetryDecision, type RetryInput } from './retry-decision';
export { parseRetryAfter } from './retry-after';
export { createPinnedAgent, type PinnedAgentOptions } from './pinned-agent';
