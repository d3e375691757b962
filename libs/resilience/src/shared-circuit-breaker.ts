import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { RedisConnection } from '@scout/database';
import type {
  BreakerEffect,
  BreakerSettings,
  BreakerState,
  BreakerTransition,
} from './breaker.types';
import { LocalBreakerStore } from './local-breaker.store';
import { RedisBreakerStore } from './redis-breaker.store';
import { FALLBACK_WARNING_INTERVAL_MS, REDIS_CALL_TIMEOUT_MS } from './resilience.constants';
import { errorFields, guardedRedisCall } from './redis-guard';
import { ThrottledLogger } from '@scout/observability';

/**
 * The answer of {@link SharedCircuitBreaker.admit}. An admitted call must report its outcome
 * with {@link SharedCircuitBreaker.record} (a probe that never reports blocks other probes until
 * its slot expires).
 */
export type BreakerPermit =
  | {
      admitted: true;
      host: string;
      /** This call is the one half-open probe; its outcome closes or re-opens the breaker. */
      probe: boolean;
      /** Identifies the caller to the breaker (probe ownership). Never logged. */
      token: string;
      /** Where the breaker state lives for this call: shared Redis, or the in-process fallback. */
      backend: 'redis' | 'local';
    }
  | { admitted: false; host: string; state: 'open' | 'half-open'; retryAfterMs: number };

/** An admitted permit. */
export type AdmittedPermit = Extract<BreakerPermit, { admitted: true }>;

/**
 * A circuit breaker per target host in one named policy, shared by all processes through Redis:
 * when one worker sees a host fail `threshold` times in a row, every worker stops calling it for
 * `openMs`, then exactly one caller anywhere probes it. Cockatiel's breaker is per process,
 * hence this custom one. Build it through `OutboundPolicies`, which keeps one per policy name.
 *
 * Reset rule: a success resets the consecutive count; the caller decides which of its failures
 * count against the host, which are answers from a working host (they act as a success), and
 * which are neutral ({@link BreakerEffect}).
 *
 * If Redis is unreachable or slow, the same breaker runs in-process (per process) so calls never
 * fail just because Redis is down; that is logged at most once per 10 s.
 */
export class SharedCircuitBreaker {
  private readonly logger = new Logger('Resilience');
  private readonly warning = new ThrottledLogger(this.logger, FALLBACK_WARNING_INTERVAL_MS);
  private readonly shared: RedisBreakerStore;
  private readonly local: LocalBreakerStore;

  constructor(
    private readonly redis: RedisConnection,
    readonly policy: string,
    settings: BreakerSettings,
  ) {
    this.shared = new RedisBreakerStore(redis, policy, settings);
    this.local = new LocalBreakerStore(settings);
  }

  /** Asks whether a call to `host` may go out now. Never rejects. */
  async admit(host: string): Promise<BreakerPermit> {
    const token = randomUUID();
    try {
      const admission = await this.onRedis(() => this.shared.admit(host, token));
      return admission.admitted
        ? { ...admission, host, token, backend: 'redis' }
        : { ...admission, host };
    } catch (error) {
      this.fallingBack(error, host);
      const admission = this.local.admit(host, token);
      return admission.admitted
        ? { ...admission, host, token, backend: 'local' }
        : { ...admission, host };
    }
  }

  /**
   * Reports the outcome of an admitted call and returns the state change it caused. A neutral
   * outcome only gives up a probe slot. Never rejects.
   */
  async record(permit: AdmittedPermit, effect: BreakerEffect): Promise<BreakerTransition> {
    const { host, token } = permit;
    if (permit.backend === 'redis') {
      try {
        return await this.onRedis(() => this.recordIn(this.shared, effect, host, token));
      } catch (error) {
        this.fallingBack(error, host);
      }
    }
    return this.recordIn(this.local, effect, host, token);
  }

  /** The breaker's current state, for metrics and tests. Never rejects. */
  async state(host: string): Promise<BreakerState> {
    try {
      return await this.onRedis(() => this.shared.state(host));
    } catch (error) {
      this.fallingBack(error, host);
      return this.local.state(host);
    }
  }

  private async recordIn(
    store: RedisBreakerStore | LocalBreakerStore,
    effect: BreakerEffect,
    host: string,
    token: string,
  ): Promise<BreakerTransition> {
    switch (effect) {
      case 'success':
        return store.recordSuccess(host, token);
      case 'failure':
        return store.recordFailure(host, token);
      case 'neutral':
        await store.release(host, token);
        return 'none';
    }
  }

  private onRedis<T>(call: () => Promise<T>): Promise<T> {
    return guardedRedisCall(this.redis, REDIS_CALL_TIMEOUT_MS, call);
  }

  private fallingBack(error: unknown, host: string): void {
    this.warning.warn(
      { policy: this.policy, host, ...errorFields(error) },
      'circuit breaker: RedisConnection unavailable; using the in-process breaker',
    );
  }
}
