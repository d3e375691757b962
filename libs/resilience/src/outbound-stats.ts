import type { BreakerState } from './breaker.types';
import type { HostUnavailableReason } from './host-unavailable.error';

/** How one outbound request (one attempt, one call of `work`) ended: `success` or a failure. */
export type OutboundOutcome = string;

/** Counters of one host, or of all hosts together. */
export interface OutboundCounters {
  /** Requests that reached `work`, by outcome. Timeouts are counted under their outcome too. */
  requests: Record<OutboundOutcome, number>;
  /** In-process retries scheduled. */
  retries: number;
  /** Attempts cancelled by the per-attempt timeout. */
  timeouts: number;
  /** Calls turned away to be retried later, by reason. */
  deferrals: Record<HostUnavailableReason, number>;
}

/** Counters of one host plus its breaker state as last seen by this process. */
export interface OutboundHostStats extends OutboundCounters {
  breaker: BreakerState;
}

/** Totals and per-host counters. */
export interface OutboundStatsSnapshot {
  total: OutboundCounters;
  hosts: Record<string, OutboundHostStats>;
}

const copyCounters = (c: OutboundCounters): OutboundCounters => ({
  requests: { ...c.requests },
  retries: c.retries,
  timeouts: c.timeouts,
  deferrals: { ...c.deferrals },
});

/**
 * Monotonic counters of one policy's outbound calls for the metrics and for tests, which compare
 * two snapshots instead of resetting. Every outcome the policy's classifier names starts at zero,
 * so a host's series all exist from its first call. The breaker state is what this process last
 * observed (from its own admissions and transitions); ask `SharedCircuitBreaker.state()` for the
 * shared truth. Hosts come from the policy owner's configuration, so the map stays small.
 */
export class OutboundStats {
  private readonly total: OutboundCounters;
  private readonly hosts = new Map<string, OutboundHostStats>();

  constructor(private readonly outcomes: readonly OutboundOutcome[] = []) {
    this.total = this.emptyCounters();
  }

  recordRequest(host: string, outcome: OutboundOutcome): void {
    this.total.requests[outcome] = (this.total.requests[outcome] ?? 0) + 1;
    const counters = this.host(host).requests;
    counters[outcome] = (counters[outcome] ?? 0) + 1;
  }

  recordRetry(host: string): void {
    this.total.retries += 1;
    this.host(host).retries += 1;
  }

  recordTimeout(host: string): void {
    this.total.timeouts += 1;
    this.host(host).timeouts += 1;
  }

  recordDeferral(host: string, reason: HostUnavailableReason): void {
    this.total.deferrals[reason] += 1;
    this.host(host).deferrals[reason] += 1;
  }

  setBreakerState(host: string, state: BreakerState): void {
    this.host(host).breaker = state;
  }

  /** A copy of every counter, safe to keep and compare. */
  snapshot(): OutboundStatsSnapshot {
    const hosts: Record<string, OutboundHostStats> = {};
    for (const [name, stats] of this.hosts) {
      hosts[name] = { ...copyCounters(stats), breaker: stats.breaker };
    }
    return { total: copyCounters(this.total), hosts };
  }

  private emptyCounters(): OutboundCounters {
    const requests: Record<OutboundOutcome, number> = { success: 0 };
    for (const outcome of this.outcomes) requests[outcome] = 0;
    return {
      requests,
      retries: 0,
      timeouts: 0,
      deferrals: { 'breaker-open': 0, 'rate-limited': 0, 'bulkhead-full': 0, 'retry-after': 0 },
    };
  }

  private host(name: string): OutboundHostStats {
    let stats = this.hosts.get(name);
    if (!stats) {
      stats = { ...this.emptyCounters(), breaker: 'closed' };
      this.hosts.set(name, stats);
    }
    return stats;
  }
}
