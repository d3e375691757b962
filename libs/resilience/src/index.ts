export { ResilienceModule } from './resilience.module';
export { OutboundPolicy, type OutboundContext, type OutboundWork } from './outbound.policy';
export {
  SharedCircuitBreaker,
  type AdmittedPermit,
  type BreakerPermit,
} from './shared-circuit-breaker';
export { HostRateLimiter } from './host-rate-limiter';
export { BREAKER_STATE_VALUES, registerOutboundMetrics } from './outbound.metrics';
export { type RateDecision } from './rate-decision';
export { HostUnavailableError, type HostUnavailableReason } from './host-unavailable.error';
export {
  OutboundStats,
  type OutboundCounters,
  type OutboundHostStats,
  type OutboundOutcome,
  type OutboundStatsSnapshot,
  type RobotsFetchOutcome,
} from './outbound-stats';
export { type BreakerState, type BreakerTransition } from './breaker.types';
export { fullJitterBackoffMs } from './backoff';
export { decideRetry, type RetryDecision, type RetryInput } from './retry-decision';
export {
  FailureKind,
  ScrapeError,
  breakerEffectOf,
  countsAgainstBreaker,
  failureKindOf,
  isRetryable,
  parseRetryAfter,
  toScrapeError,
  type BreakerEffect,
} from './scrape-error';
export {
  type HostResolver,
  isNonPublicAddress,
  OutboundTargetGuard,
  type OutboundTargetGuardOptions,
  OutboundTargetRefusedError,
  type PinnedTarget,
  type ResolvedAddress,
} from './outbound-target.guard';
export { createPinnedAgent, type PinnedAgentOptions } from './pinned-agent';
