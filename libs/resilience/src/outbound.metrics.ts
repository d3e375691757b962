import { Counter, Gauge } from 'prom-client';
import type { MetricsRegistry } from '@scout/observability';
import type { BreakerState } from './breaker.types';
import type { OutboundHostStats, OutboundStats } from './outbound-stats';

/** What the collectors read: a policy's name (the `policy` label) and its stats. */
export interface MeasuredPolicy {
  readonly name: string;
  readonly stats: Pick<OutboundStats, 'snapshot'>;
}

/** Breaker states as gauge values: the higher, the less traffic gets through. */
export const BREAKER_STATE_VALUES: Readonly<Record<BreakerState, number>> = {
  closed: 0,
  'half-open': 1,
  open: 2,
};

function hostsOf(policy: MeasuredPolicy): Array<[string, OutboundHostStats]> {
  return Object.entries(policy.stats.snapshot().hosts);
}

/** A counter by policy and host of one number of each host's stats. */
function perHost(
  registry: MetricsRegistry,
  policy: MeasuredPolicy,
  metric: { name: string; help: string },
  read: (stats: OutboundHostStats) => number,
): void {
  new Counter({
    ...metric,
    labelNames: ['policy', 'host'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [host, stats] of hostsOf(policy)) {
        this.inc({ policy: policy.name, host }, read(stats));
      }
    },
  });
}

/** A counter by policy, host and one more label, from a map of counts in each host's stats. */
function perHostAnd(
  registry: MetricsRegistry,
  policy: MeasuredPolicy,
  metric: { name: string; help: string; label: 'outcome' | 'reason' },
  read: (stats: OutboundHostStats) => Record<string, number>,
): void {
  const { label, ...rest } = metric;
  new Counter({
    ...rest,
    labelNames: ['policy', 'host', label],
    registers: [registry],
    collect() {
      this.reset();
      for (const [host, stats] of hostsOf(policy)) {
        for (const [key, value] of Object.entries(read(stats))) {
          this.inc({ policy: policy.name, host, [label]: key }, value);
        }
      }
    },
  });
}

/**
 * One policy's outbound requests by outcome, retries, timeouts, deferrals and each host's breaker
 * state as this process last saw it, read from the policy's stats at collection time. The owner names
 * the metrics (`<prefix>_requests_total`, …) so dashboards keep their names; every series carries
 * the `policy` label. Hosts come from the owner's configuration, so the `host` label stays bounded.
 */
export function registerOutboundMetrics(
  registry: MetricsRegistry,
  policy: MeasuredPolicy,
  prefix: string,
): void {
  perHostAnd(
    registry,
    policy,
    {
      name: `${prefix}_requests_total`,
      help: 'Outbound requests (attempts) by policy, host and outcome: success or the failure the policy classified.',
      label: 'outcome',
    },
    (s) => s.requests,
  );
  perHost(
    registry,
    policy,
    { name: `${prefix}_retries_total`, help: 'In-process retries scheduled, by policy and host.' },
    (s) => s.retries,
  );
  perHost(
    registry,
    policy,
    {
      name: `${prefix}_timeouts_total`,
      help: 'Attempts cancelled by the per-attempt timeout, by policy and host (also counted under their outcome).',
    },
    (s) => s.timeouts,
  );
  perHostAnd(
    registry,
    policy,
    {
      name: `${prefix}_deferrals_total`,
      help: 'Calls turned away to run later, by policy, host and reason (breaker-open, rate-limited, bulkhead-full, retry-after).',
      label: 'reason',
    },
    (s) => s.deferrals,
  );
  new Gauge({
    name: `${prefix}_breaker_state`,
    help: 'Circuit breaker of a host as this process last saw it: 0 closed, 1 half-open, 2 open.',
    labelNames: ['policy', 'host'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [host, s] of hostsOf(policy)) {
        this.set({ policy: policy.name, host }, BREAKER_STATE_VALUES[s.breaker]);
      }
    },
  });
}
