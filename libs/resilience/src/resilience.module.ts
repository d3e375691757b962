import { Global, Module } from '@nestjs/common';
import { HostRateLimiter } from './host-rate-limiter';
import { OutboundPolicy } from './outbound.policy';
import { OutboundStats } from './outbound-stats';
import { SharedCircuitBreaker } from './shared-circuit-breaker';

/**
 * The process's outbound resilience policies, built once (CONVENTIONS 17). Global so the scraping
 * lib injects `OutboundPolicy` without importing this module; relies on the global
 * `ConfigModule` (AppConfig) and `DatabaseModule` (the shared Redis client, which it closes).
 */
@Global()
@Module({
  providers: [OutboundStats, HostRateLimiter, SharedCircuitBreaker, OutboundPolicy],
  exports: [OutboundPolicy, SharedCircuitBreaker, HostRateLimiter, OutboundStats],
})
export class ResilienceModule {}
