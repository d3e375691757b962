import { Injectable } from '@nestjs/common';

/**
 * What one robots.txt download found: `rules` (2xx, parsed), `none` (4xx: everything allowed)
 * or `unreachable` (5xx, network error, timeout: nothing allowed until it answers).
 */
export type RobotsFetchOutcome = 'rules' | 'none' | 'unreachable';

/** The robots.txt counters of one host, or of all hosts together. */
export interface RobotsCounters {
  /** robots.txt downloads by outcome (each is also one request of the profile-site policy). */
  robotsFetches: Record<RobotsFetchOutcome, number>;
  /** Profiles not fetched because robots.txt disallows them. */
  robotsDisallowed: number;
}

/** Totals and per-host counters. */
export interface ScraperStatsSnapshot {
  total: RobotsCounters;
  hosts: Record<string, RobotsCounters>;
}

const empty = (): RobotsCounters => ({
  robotsFetches: { rules: 0, none: 0, unreachable: 0 },
  robotsDisallowed: 0,
});

const copy = (c: RobotsCounters): RobotsCounters => ({
  robotsFetches: { ...c.robotsFetches },
  robotsDisallowed: c.robotsDisallowed,
});

/**
 * The scraper's own monotonic counters, beside the profile-site policy's outbound stats: what
 * robots.txt said. Read by the metrics at collection time and compared by tests as snapshots.
 */
@Injectable()
export class ScraperStats {
  private readonly total = empty();
  private readonly hosts = new Map<string, RobotsCounters>();

  recordRobotsFetch(host: string, outcome: RobotsFetchOutcome): void {
    this.total.robotsFetches[outcome] += 1;
    this.host(host).robotsFetches[outcome] += 1;
  }

  recordRobotsDisallowed(host: string): void {
    this.total.robotsDisallowed += 1;
    this.host(host).robotsDisallowed += 1;
  }

  /** A copy of every counter, safe to keep and compare. */
  snapshot(): ScraperStatsSnapshot {
    const hosts: Record<string, RobotsCounters> = {};
    for (const [name, counters] of this.hosts) hosts[name] = copy(counters);
    return { total: copy(this.total), hosts };
  }

  private host(name: string): RobotsCounters {
    let counters = this.hosts.get(name);
    if (!counters) {
      counters = empty();
      this.hosts.set(name, counters);
    }
    return counters;
  }
}
