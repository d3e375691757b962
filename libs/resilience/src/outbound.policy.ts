import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import {
  BulkheadRejectedError,
  type BulkheadPolicy,
  TaskCancelledError,
  type TimeoutPolicy,
  TimeoutStrategy,
  bulkhead,
  timeout,
} from 'cockatiel';
import type { BreakerEffect, BreakerTransition } from './breaker.types';
import { HostRateLimiter } from './host-rate-limiter';
import { HostUnavailableError, type HostUnavailableReason } from './host-unavailable.error';
import type { ClassifiedFailure, FailureClassifier } from './outbound-failure';
import { OutboundStats } from './outbound-stats';
import {
  BULKHEAD_QUEUE_PER_SLOT,
  BULKHEAD_RETRY_AFTER_MS,
  RATE_WAIT_JITTER_MS,
} from './resilience.constants';
import { decideRetry } from './retry-decision';
import { type AdmittedPermit, SharedCircuitBreaker } from './shared-circuit-breaker';

/** Correlation ids that go into every resilience log line of a call. */
export interface OutboundContext {
  requestId?: string;
  jobId?: string;
}

/** One outbound request. It must stop (reject) when `signal` aborts: that is the timeout. */
export type OutboundWork<T> = (signal: AbortSignal) => Promise<T>;

/**
 * What a policy's owner passes in from its own configuration section (the names match those
 * sections, so a section can be passed as it is).
 */
export interface OutboundSettings {
  /** Attempts of one call in all, the first included. */
  maxAttempts: number;
  retryBaseDelayMs: number;
  /** Longest in-process wait: for a retry, a rate-limit slot, or a host's Retry-After. */
  retryMaxDelayMs: number;
  /** Bound of one attempt. */
  timeoutMs: number;
  /** Calls in flight per host in this process (the bulkhead). */
  hostConcurrency: number;
  /** Consecutive counted failures that open a host's breaker. */
  breakerThreshold: number;
  breakerHalfOpenAfterMs: number;
  /** Grants per host in any rolling minute, across all processes. */
  ratePerMinute: number;
}

/** The per-process policies of one host, built once and reused by every call to it. */
interface HostPolicies {
  bulkhead: BulkheadPolicy;
  timeout: TimeoutPolicy;
}

type LogFields = Record<string, string | number>;

type AttemptResult<T> = { ok: true; value: T } | { ok: false; failure: ClassifiedFailure };

/**
 * The one way outbound calls are made (CONVENTIONS 17), so every request of one named policy gets
 * the same protection. Built by `OutboundPolicies.get(name, settings, classifier)`; its breaker
 * and rate limits live under the policy's name. Per attempt, in order:
 * 1. rate limit per host, shared by all processes ({@link HostRateLimiter}): waits up to
 *    `retryMaxDelayMs` for a free slot, else defers (`rate-limited`);
 * 2. circuit breaker per host, shared by all processes ({@link SharedCircuitBreaker}): open, or
 *    half-open with another caller probing → defer (`breaker-open`), without calling `work`;
 * 3. bulkhead per host in this process: `hostConcurrency` in flight plus as many waiting; more
 *    → defer (`bulkhead-full`);
 * 4. `work`, cancelled through its signal after `timeoutMs` (a timeout is TRANSIENT).
 * A failed attempt is retried (up to `maxAttempts` in all) only when the classifier calls it
 * retryable,
 * after a full-jitter exponential backoff and never sooner than the host's Retry-After; a
 * Retry-After longer than `retryMaxDelayMs` defers instead (`retry-after`) and pauses the host
 * for every process. Each retry passes steps 1–2 again, so an opened breaker stops retries.
 *
 * Deferrals reject with {@link HostUnavailableError} (delay the job, do not count a failure);
 * final failures reject with the error the classifier made of them.
 */
export class OutboundPolicy {
  private readonly logger = new Logger('Resilience');
  private readonly policies = new Map<string, HostPolicies>();

  constructor(
    readonly name: string,
    private readonly settings: OutboundSettings,
    private readonly classifier: FailureClassifier,
    readonly limiter: HostRateLimiter,
    readonly breaker: SharedCircuitBreaker,
    readonly stats: OutboundStats,
  ) {}

  /**
   * Runs `work` against `host` (a hostname, optionally with `:port`, as it names the policies
   * and Redis keys) under all policies. Resolves with its result; rejects with a
   * `HostUnavailableError` (defer) or the classified error (final).
   */
  async execute<T>(host: string, work: OutboundWork<T>, context: OutboundContext = {}): Promise<T> {
    const fields = logFields(this.name, host, context);
    for (let attempt = 1; ; attempt += 1) {
      await this.takeRateSlot(host, fields);
      const permit = await this.admit(host, fields);
      const result = await this.attempt(permit, work, { ...fields, attempt });
      if (result.ok) return result.value;

      const { failure } = result;
      const retryAfterMs = failure.retryAfterMs;
      if (retryAfterMs !== undefined && retryAfterMs > 0) {
        await this.limiter.pause(host, retryAfterMs);
      }
      const decision = decideRetry({
        retryable: failure.retryable,
        attempt,
        maxAttempts: this.settings.maxAttempts,
        retryAfterMs,
        baseDelayMs: this.settings.retryBaseDelayMs,
        maxDelayMs: this.settings.retryMaxDelayMs,
      });
      if (decision.action === 'fail') throw failure.error;
      if (decision.action === 'defer') {
        throw this.defer(host, 'retry-after', decision.retryAfterMs, { ...fields, attempt });
      }
      this.stats.recordRetry(host);
      this.logger.log(
        { ...fields, attempt, outcome: failure.outcome, delayMs: decision.delayMs },
        'outbound call failed; retrying',
      );
      await sleep(decision.delayMs);
    }
  }

  /** Waits for a rate-limit slot, in all at most `retryMaxDelayMs`; defers past that. */
  private async takeRateSlot(host: string, fields: LogFields): Promise<void> {
    let waitedMs = 0;
    for (;;) {
      const decision = await this.limiter.acquire(host);
      if (decision.allowed) return;
      if (waitedMs + decision.retryAfterMs > this.settings.retryMaxDelayMs) {
        throw this.defer(host, 'rate-limited', decision.retryAfterMs, fields);
      }
      const delayMs = decision.retryAfterMs + Math.floor(Math.random() * RATE_WAIT_JITTER_MS);
      waitedMs += delayMs;
      await sleep(delayMs);
    }
  }

  private async admit(host: string, fields: LogFields): Promise<AdmittedPermit> {
    const permit = await this.breaker.admit(host);
    if (!permit.admitted) {
      this.stats.setBreakerState(host, permit.state);
      throw this.defer(host, 'breaker-open', permit.retryAfterMs, fields);
    }
    if (permit.probe) {
      this.stats.setBreakerState(host, 'half-open');
      this.logger.log({ ...fields, backend: permit.backend }, 'circuit breaker half-open: probing');
    } else {
      this.stats.setBreakerState(host, 'closed');
    }
    return permit;
  }

  /** One attempt through bulkhead and timeout, with its outcome reported to the breaker. */
  private async attempt<T>(
    permit: AdmittedPermit,
    work: OutboundWork<T>,
    fields: LogFields,
  ): Promise<AttemptResult<T>> {
    const { host } = permit;
    const policies = this.policiesFor(host);
    let timedOut = false;
    try {
      const value = await policies.bulkhead.execute(() =>
        policies.timeout.execute(async (_context, signal) => {
          try {
            return await work(signal);
          } catch (error) {
            // Whatever the work threw once its signal was aborted, the cause is the timeout.
            if (signal.aborted) timedOut = true;
            throw error;
          }
        }),
      );
      this.stats.recordRequest(host, 'success');
      await this.report(permit, 'success', fields);
      return { ok: true, value };
    } catch (error) {
      // instanceof, not cockatiel's is*Error helpers: in 3.2.1 `isTaskCancelledError` tests for
      // the bulkhead marker (true for bulkhead rejections, false for timeouts).
      if (error instanceof BulkheadRejectedError) {
        await this.report(permit, 'neutral', fields);
        this.logger.warn(
          { ...fields, concurrency: this.settings.hostConcurrency },
          'bulkhead full',
        );
        throw this.defer(host, 'bulkhead-full', BULKHEAD_RETRY_AFTER_MS, fields);
      }
      if (error instanceof HostUnavailableError) {
        // A nested call was deferred: pass the deferral on, it says nothing about this attempt.
        await this.report(permit, 'neutral', fields);
        throw error;
      }
      if (error instanceof TaskCancelledError) timedOut = true;
      if (timedOut) {
        this.stats.recordTimeout(host);
        this.logger.warn(
          { ...fields, timeoutMs: this.settings.timeoutMs },
          'outbound call timed out',
        );
      }
      const failure = timedOut ? this.classifier.timedOut() : this.classifier.classify(error);
      this.stats.recordRequest(host, failure.outcome);
      await this.report(permit, failure.breaker, fields);
      return { ok: false, failure };
    }
  }

  private async report(
    permit: AdmittedPermit,
    effect: BreakerEffect,
    fields: LogFields,
  ): Promise<void> {
    const transition = await this.breaker.record(permit, effect);
    this.noteTransition(permit.host, transition, fields);
  }

  private noteTransition(host: string, transition: BreakerTransition, fields: LogFields): void {
    switch (transition) {
      case 'opened':
        this.stats.setBreakerState(host, 'open');
        this.logger.warn(
          {
            ...fields,
            threshold: this.settings.breakerThreshold,
            openMs: this.settings.breakerHalfOpenAfterMs,
          },
          'circuit breaker opened',
        );
        return;
      case 'reopened':
        this.stats.setBreakerState(host, 'open');
        this.logger.warn(
          { ...fields, openMs: this.settings.breakerHalfOpenAfterMs },
          'circuit breaker probe failed; re-opened',
        );
        return;
      case 'closed':
        this.stats.setBreakerState(host, 'closed');
        this.logger.log(fields, 'circuit breaker probe succeeded; closed');
        return;
      case 'none':
        return;
    }
  }

  private defer(
    host: string,
    reason: HostUnavailableReason,
    retryAfterMs: number,
    fields: LogFields,
  ): HostUnavailableError {
    this.stats.recordDeferral(host, reason);
    this.logger.log({ ...fields, reason, retryAfterMs }, 'outbound call deferred');
    return new HostUnavailableError(reason, retryAfterMs, host);
  }

  /** The host's bulkhead and timeout, built on first use and kept for the process's life. */
  private policiesFor(host: string): HostPolicies {
    let policies = this.policies.get(host);
    if (!policies) {
      const { hostConcurrency, timeoutMs } = this.settings;
      policies = {
        bulkhead: bulkhead(hostConcurrency, hostConcurrency * BULKHEAD_QUEUE_PER_SLOT),
        // Aggressive: abort the signal AND stop waiting, so work that ignores its signal cannot
        // hold the attempt (and the breaker's probe) forever.
        timeout: timeout(timeoutMs, TimeoutStrategy.Aggressive),
      };
      this.policies.set(host, policies);
    }
    return policies;
  }
}

function logFields(policy: string, host: string, context: OutboundContext): LogFields {
  const fields: LogFields = { policy, host };
  if (context.requestId !== undefined) fields.requestId = context.requestId;
  if (context.jobId !== undefined) fields.jobId = context.jobId;
  return fields;
}
