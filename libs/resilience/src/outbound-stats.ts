import { Injectable } from '@nestjs/common';
import type { BreakerState } from './breaker.types';
import type { HostUnavailableReason } from './host-unavailable.error';
import { FailureKind } from './scrape-error';

/** How one outbound request (one attempt, one call of `work`) ended. */
export type OutboundOutcome = 'success' | FailureKind;

/**
 * What one robots.txt download found: `rules` (2xx, parsed), `none` (4xx: everything allowed)
 * or `unreachable` (5xx, network error, timeout: nothing allowed until it answers).
 */
export type RobotsFetchOutcome = 'rules' | 'none' | 'unreachable';

/** Counters of one host, or of all hosts together. */
export interface OutboundCounters {
  /** Requests that reached `work`, by outcome. Timeouts are counted as TRANSIENT here too. */
  requests: Record<OutboundOutcome, number>;
  /** In-process retries scheduled. */
  retries: number;
  /** Attempts cancelled by the per-attempt timeout. */
  timeouts: number;
  /** Calls turned away to be retried later, by reason. */
  deferrals: Record<HostUnavailableReason, number>;
  /** robots.txt downloads by outcome (each is also one of the `requests` above). */
  robotsFetches: Record<RobotsFetchOutcome, number>;
  /** Profiles not fetched because robots.txt disallows them. */
  robotsDisallowed: number;
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

const emptyCounters = (): OutboundCounters => ({
  requests: {
    success: 0,
    [FailureKind.NotFound]: 0,
    [FailureKind.Blocked]: 0,
    [FailureKind.RateLimited]: 0,
    [FailureKind.Transient]: 0,
    [FailureKind.ParseError]: 0,
    [FailureKind.InvalidTarget]: 0,
  },
  retries: 0,
  timeouts: 0,
  deferrals: { 'breaker-open': 0, 'rate-limited': 0, 'bulkhead-full': 0, 'retry-after': 0 },
  robotsFetches: { rules: 0, none: 0, unreachable: 0 },
  robotsDisallowed: 0,
});

const copyCounters = (c: OutboundCounters): OutboundCounters => ({
  requests: { ...c.requests },
  retries: c.retries,
  timeouts: c.timeouts,
  deferrals: { ...c.deferrals },
  robotsFetches: { ...c.robotsFetches },
  robotsDisallowed: c.robotsDisallowed,
});

/**
 * Monotonic counters of outbound calls for the metrics module and for tests, which compare two
 * snapshots instead of resetting. The breaker state is what this process last observed (from its
 * own admissions and transitions); ask `SharedCircuitBreaker.state()` for the shared truth.
 * Hosts come from configuration (one target site), so the map stays small.
 */
@Injectable()
export class OutboundStats {
  private readonly total = emptyCounters();
  private readonly hosts = new Map<string, OutboundHostStats>();

  recordRequest(host: string, outcome: OutboundOutcome): void {
    this.total.requests[outcome] += 1;
    this.host(host).requests[outcome] += 1;
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

  recordRobotsFetch(host: string, outcome: RobotsFetchOutcome): void {
    this.total.robotsFetches[outcome] += 1;
    this.host(host).robotsFetches[outcome] += 1;
  }

  recordRobotsDisallowed(host: string): void {
    this.total.robotsDisallowed += 1;
    this.host(host).robotsDisallowed += 1;
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

  private host(name: string): OutboundHostStats {
    let stats = this.hosts.get(name);
    if (!stats) {
      stats = { ...emptyCounters(), breaker: 'closed' };
      this.hosts.set(name, stats);
    }
    return stats;
  }
}
