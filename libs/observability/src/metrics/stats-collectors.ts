import { Counter, Gauge } from 'prom-client';
import type { MetricsRegistry } from './metrics.registry';

/**
 * What the cache metrics read: monotonic counters per level and namespace, as
 * `CacheStats.snapshot()` returns them. Structural, so this lib does not depend on the cache.
 */
export interface CacheStatsSource {
  snapshot(): CacheCountersLike & { namespaces: Record<string, CacheCountersLike> };
}

/** Counters of one cache namespace (or of all together). */
export interface CacheCountersLike {
  l1: Record<string, number>;
  l2: Record<string, number>;
  loads: number;
}

/** Cache outcome keys of a snapshot and their label values. */
const CACHE_OUTCOMES: ReadonlyArray<readonly [string, string]> = [
  ['hits', 'hit'],
  ['misses', 'miss'],
  ['stale', 'stale'],
  ['errors', 'error'],
];

/** Namespace label of events that belong to no namespace (invalidations, pub/sub failures). */
const NO_NAMESPACE = 'none';

/**
 * Cache hits, misses, stale serves and errors per level and namespace, plus loader calls, read
 * from the stats at scrape time: no per-request cost. Namespaces come from code (`profile`,
 * `company`), so the label stays bounded.
 */
export function registerCacheMetrics(registry: MetricsRegistry, stats: CacheStatsSource): void {
  const read = (): ReturnType<CacheStatsSource['snapshot']> => stats.snapshot();
  new Counter({
    name: 'scout_cache_events_total',
    help: 'Cache lookups and failures by level (l1 in-process, l2 Redis), namespace and outcome (hit, miss, stale = expired value served because the load failed, error).',
    labelNames: ['level', 'namespace', 'outcome'],
    registers: [registry],
    collect() {
      this.reset();
      const snapshot = read();
      for (const level of ['l1', 'l2'] as const) {
        for (const [key, outcome] of CACHE_OUTCOMES) {
          let counted = 0;
          for (const [namespace, counters] of Object.entries(snapshot.namespaces)) {
            const value = counters[level][key] ?? 0;
            counted += value;
            this.inc({ level, namespace, outcome }, value);
          }
          const rest = (snapshot[level][key] ?? 0) - counted;
          if (rest > 0) this.inc({ level, namespace: NO_NAMESPACE, outcome }, rest);
        }
      }
    },
  });
  new Counter({
    name: 'scout_cache_loads_total',
    help: 'Loader calls (reads that went to MongoDB; one per single-flight), by namespace.',
    labelNames: ['namespace'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [namespace, counters] of Object.entries(read().namespaces)) {
        this.inc({ namespace }, counters.loads);
      }
    },
  });
}

/**
 * What the scraper metrics read: per-host outbound counters and breaker state, as
 * `OutboundStats.snapshot()` returns them.
 */
export interface OutboundStatsSource {
  snapshot(): { hosts: Record<string, OutboundHostLike> };
}

/** Counters of one outbound host. */
export interface OutboundHostLike {
  requests: Record<string, number>;
  retries: number;
  timeouts: number;
  deferrals: Record<string, number>;
  robotsFetches: Record<string, number>;
  robotsDisallowed: number;
  breaker: string;
}

/** Breaker states as gauge values: the higher, the less traffic gets through. */
export const BREAKER_STATE_VALUES: Readonly<Record<string, number>> = {
  closed: 0,
  'half-open': 1,
  open: 2,
};

/**
 * Outbound (scraper) requests by outcome, retries, timeouts, deferrals and each host's breaker
 * state as this process last saw it, read from the stats at scrape time. Hosts come from
 * configuration (the one profile site), so the `host` label stays bounded.
 */
export function registerOutboundMetrics(
  registry: MetricsRegistry,
  stats: OutboundStatsSource,
): void {
  const hosts = (): Array<[string, OutboundHostLike]> => Object.entries(stats.snapshot().hosts);
  new Counter({
    name: 'scout_scraper_requests_total',
    help: 'Outbound requests (attempts) by host and outcome: success or the failure kind (NOT_FOUND, BLOCKED, RATE_LIMITED, TRANSIENT, PARSE_ERROR, INVALID_TARGET).',
    labelNames: ['host', 'outcome'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [host, counters] of hosts()) {
        for (const [outcome, value] of Object.entries(counters.requests)) {
          this.inc({ host, outcome }, value);
        }
      }
    },
  });
  new Counter({
    name: 'scout_scraper_retries_total',
    help: 'In-process retries scheduled, by host.',
    labelNames: ['host'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [host, counters] of hosts()) this.inc({ host }, counters.retries);
    },
  });
  new Counter({
    name: 'scout_scraper_timeouts_total',
    help: 'Attempts cancelled by the per-attempt timeout, by host (also counted as TRANSIENT).',
    labelNames: ['host'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [host, counters] of hosts()) this.inc({ host }, counters.timeouts);
    },
  });
  new Counter({
    name: 'scout_scraper_deferrals_total',
    help: 'Calls turned away to run later, by host and reason (breaker-open, rate-limited, bulkhead-full, retry-after).',
    labelNames: ['host', 'reason'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [host, counters] of hosts()) {
        for (const [reason, value] of Object.entries(counters.deferrals)) {
          this.inc({ host, reason }, value);
        }
      }
    },
  });
  new Counter({
    name: 'scout_scraper_robots_fetches_total',
    help: 'robots.txt downloads by host and outcome: rules (2xx), none (4xx, all allowed), unreachable (5xx, network error, timeout). Also counted in scout_scraper_requests_total.',
    labelNames: ['host', 'outcome'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [host, counters] of hosts()) {
        for (const [outcome, value] of Object.entries(counters.robotsFetches)) {
          this.inc({ host, outcome }, value);
        }
      }
    },
  });
  new Counter({
    name: 'scout_scraper_robots_disallowed_total',
    help: 'Profiles not fetched because robots.txt disallows them, by host.',
    labelNames: ['host'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [host, counters] of hosts()) this.inc({ host }, counters.robotsDisallowed);
    },
  });
  new Gauge({
    name: 'scout_scraper_breaker_state',
    help: 'Circuit breaker of a host as this process last saw it: 0 closed, 1 half-open, 2 open.',
    labelNames: ['host'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [host, counters] of hosts()) {
        const value = BREAKER_STATE_VALUES[counters.breaker];
        if (value !== undefined) this.set({ host }, value);
      }
    },
  });
}

/**
 * What the people's-data metrics read: items removed per store by retention sweeps and by
 * erasures, and erasures completed, as `PrivacyStats.snapshot()` returns them. Structural, so
 * this lib does not depend on the privacy lib.
 */
export interface PrivacyStatsSource {
  snapshot(): {
    retentionRemoved: Record<string, number>;
    erasureRemoved: Record<string, number>;
    erasuresCompleted: number;
  };
}

/**
 * Items removed by retention sweeps and by erasures, per store, and erasures completed, read
 * from the stats at scrape time. Stores come from code, so the `store` label stays bounded.
 */
export function registerPrivacyMetrics(registry: MetricsRegistry, stats: PrivacyStatsSource): void {
  new Counter({
    name: 'scout_retention_removed_total',
    help: 'Documents removed by retention sweeps, by store (scrape_jobs, idempotency, history, erasure_receipts).',
    labelNames: ['store'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [store, value] of Object.entries(stats.snapshot().retentionRemoved)) {
        this.inc({ store }, value);
      }
    },
  });
  new Counter({
    name: 'scout_erasure_removed_total',
    help: 'Items removed by erasures, by store (profiles, scrape_jobs, queues, cache, ...).',
    labelNames: ['store'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [store, value] of Object.entries(stats.snapshot().erasureRemoved)) {
        this.inc({ store }, value);
      }
    },
  });
  new Counter({
    name: 'scout_erasures_completed_total',
    help: 'Erasure requests completed by this process.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(stats.snapshot().erasuresCompleted);
    },
  });
}
