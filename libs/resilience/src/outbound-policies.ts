import { Injectable } from '@nestjs/common';
import { InjectRedis, type RedisConnection } from '@scout/database';
import type { BreakerSettings } from './breaker.types';
import { HostRateLimiter } from './host-rate-limiter';
import type { FailureClassifier } from './outbound-failure';
import { OutboundPolicy, type OutboundSettings } from './outbound.policy';
import { OutboundStats } from './outbound-stats';
import { SharedCircuitBreaker } from './shared-circuit-breaker';

/**
 * Breaker settings from a policy's settings. A probe may first wait for a bulkhead slot (at most
 * one timeout) and then run (one more), so its slot lasts two timeouts plus a margin.
 */
export function breakerSettings(
  settings: Pick<OutboundSettings, 'breakerThreshold' | 'breakerHalfOpenAfterMs' | 'timeoutMs'>,
): BreakerSettings {
  return {
    threshold: settings.breakerThreshold,
    openMs: settings.breakerHalfOpenAfterMs,
    probeTtlMs: 2 * settings.timeoutMs + 1_000,
  };
}

/**
 * The process's outbound policies by name, each built once with the settings its owner passes
 * from its own configuration section. A name is one breaker and one rate budget per host, in
 * Redis and in the metrics, so two owners never trip each other's breaker; asking again for a
 * name returns what was built first.
 */
@Injectable()
export class OutboundPolicies {
  private readonly policies = new Map<string, OutboundPolicy>();
  private readonly breakers = new Map<string, SharedCircuitBreaker>();

  constructor(@InjectRedis() private readonly redis: RedisConnection) {}

  /** The named policy: rate limit, breaker, bulkhead, timeout and retries for every call. */
  get(name: string, settings: OutboundSettings, classifier: FailureClassifier): OutboundPolicy {
    let policy = this.policies.get(name);
    if (!policy) {
      policy = new OutboundPolicy(
        name,
        settings,
        classifier,
        new HostRateLimiter(this.redis, name, settings.ratePerMinute),
        this.breaker(name, breakerSettings(settings)),
        new OutboundStats(classifier.outcomes),
      );
      this.policies.set(name, policy);
    }
    return policy;
  }

  /** The named policy's shared breaker alone, for owners that run their own attempts. */
  breaker(name: string, settings: BreakerSettings): SharedCircuitBreaker {
    let breaker = this.breakers.get(name);
    if (!breaker) {
      breaker = new SharedCircuitBreaker(this.redis, name, settings);
      this.breakers.set(name, breaker);
    }
    return breaker;
  }
}
