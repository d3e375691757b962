import { Module } from '@nestjs/common';
import { DatabaseModule } from '@scout/database';
import { HostRateLimiter } from './host-rate-limiter';
import { OutboundPolicy } from './outbound.policy';
import { OutboundStats } from './outbound-stats';
import { SharedCircuitBreaker } from './shared-circuit-breaker';

/**
 * The process's outbound resilience policies, built once per app (the module is static) and
 * imported where outbound calls happen (CONVENTIONS 17); breakers and rate windows live on the
 * shared Redis client of `DatabaseModule`.
 */
@Module({
  imports: [DatabaseModule],
  providers: [OutboundStats, HostRateLimiter, SharedCircuitBreaker, OutboundPolicy],
  exports: [OutboundPolicy, SharedCircuitBreaker, HostRateLimiter, OutboundStats],
})
export class ResilienceModule {}
