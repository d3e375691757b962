import { Counter, Gauge } from 'prom-client';
import type { MetricsRegistry } from '@scout/observability';
import type { BreakerState } from './breaker.types';
import type { OutboundHostStats, OutboundStats } from './outbound-stats';

/** Breaker states as gauge values: the higher, the less traffic gets through. */
export const BREAKER_STATE_VALUES: Readonly<Record<BreakerState, number>> = {
  closed: 0,
  'half-open': 1,
  open: 2,
};

type HostEntries = () => Array<[string, OutboundHostStats]>;

/** A counter by host of one number of each host's stats. */
function perHost(
  registry: MetricsRegistry,
  hosts: HostEntries,
  metric: { name: string; help: string },
  read: (stats: OutboundHostStats) => number,
): void {
  new Counter({
    ...metric,
    labelNames: ['host'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [host, stats] of hosts()) this.inc({ host }, read(stats));
    },
  });
}

/** A counter by host and one more label, from a map of counts in each host's stats. */
function perHostAnd(
  registry: MetricsRegistry,
  hosts: HostEntries,
  metric: { name: string; help: string; label: 'outcome' | 'reason' },
  read: (stats: OutboundHostStats) => Record<string, number>,
): void {
  const { label, ...rest } = metric;
  new Counter({
    ...rest,
    labelNames: ['host', label],
    registers: [registry],
    collect() {
      this.reset();
      for (const [host, stats] of hosts()) {
        for (const [key, value] of Object.entries(read(stats))) {
          this.inc({ host, [label]: key }, value);
        }
      }
    },
  });
}

/**
 * Outbound (scraper) requests by outcome, retries, timeouts, deferrals and each host's breaker
 * state as this process last saw it, read from the stats at scrape time. Hosts come from
 * configuration (the one profile site), so the `host` label stays bounded.
 */
export function registerOutboundMetrics(
  registry: MetricsRegistry,
  stats: Pick<OutboundStats, 'snapshot'>,
): void {
  const hosts: HostEntries = () => Object.entries(stats.snapshot().hosts);
  perHostAnd(
    registry,
    hosts,
    {
      name: 'scout_scraper_requests_total',
      help: 'Outbound requests (attempts) by host and outcome: success or the failure kind (NOT_FOUND, BLOCKED, RATE_LIMITED, TRANSIENT, PARSE_ERROR, INVALID_TARGET).',
      label: 'outcome',
    },
    (s) => s.requests,
  );
  perHost(
    registry,
    hosts,
    { name: 'scout_scraper_retries_total', help: 'In-process retries scheduled, by host.' },
    (s) => s.retries,
  );
  perHost(
    registry,
    hosts,
    {
      name: 'scout_scraper_timeouts_total',
      help: 'Attempts cancelled by the per-attempt timeout, by host (also counted as TRANSIENT).',
    },
    (s) => s.timeouts,
  );
  perHostAnd(
    registry,
    hosts,
    {
      name: 'scout_scraper_deferrals_total',
      help: 'Calls turned away to run later, by host and reason (breaker-open, rate-limited, bulkhead-full, retry-after).',
      label: 'reason',
    },
    (s) => s.deferrals,
  );
  perHostAnd(
    registry,
    hosts,
    {
      name: 'scout_scraper_robots_fetches_total',
      help: 'robots.txt downloads by host and outcome: rules (2xx), none (4xx, all allowed), unreachable (5xx, network error, timeout). Also counted in scout_scraper_requests_total.',
      label: 'outcome',
    },
    (s) => s.robotsFetches,
  );
  perHost(
    registry,
    hosts,
    {
      name: 'scout_scraper_robots_disallowed_total',
      help: 'Profiles not fetched because robots.txt disallows them, by host.',
    },
    (s) => s.robotsDisallowed,
  );
  new Gauge({
    name: 'scout_scraper_breaker_state',
    help: 'Circuit breaker of a host as this process last saw it: 0 closed, 1 half-open, 2 open.',
    labelNames: ['host'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [host, s] of hosts()) this.set({ host }, BREAKER_STATE_VALUES[s.breaker]);
    },
  });
}
