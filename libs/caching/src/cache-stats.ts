import { Injectable } from '@nestjs/common';

/** The two cache levels: in-process LRU and Redis. */
export type CacheLevel = 'l1' | 'l2';

/** What can happen at a level. `stale` = an expired entry served because the load failed. */
export type CacheOutcome = 'hits' | 'misses' | 'stale' | 'errors';

export type CacheLevelCounters = Record<CacheOutcome, number>;

/** Counters of one namespace; `loads` counts loader calls (one per single-flight). */
export interface CacheNamespaceCounters {
  l1: CacheLevelCounters;
  l2: CacheLevelCounters;
  loads: number;
}

/**
 * Totals over all namespaces plus each namespace's counters. Totals also include events that
 * belong to no namespace (an invalidation or a pub/sub failure counts as an `l2` error).
 */
export interface CacheStatsSnapshot extends CacheNamespaceCounters {
  namespaces: Record<string, CacheNamespaceCounters>;
}

const emptyLevel = (): CacheLevelCounters => ({ hits: 0, misses: 0, stale: 0, errors: 0 });
const emptyCounters = (): CacheNamespaceCounters => ({
  l1: emptyLevel(),
  l2: emptyLevel(),
  loads: 0,
});
const copyCounters = (c: CacheNamespaceCounters): CacheNamespaceCounters => ({
  l1: { ...c.l1 },
  l2: { ...c.l2 },
  loads: c.loads,
});

/**
 * Monotonic cache counters for the metrics endpoint and for tests, which read deltas between
 * two snapshots instead of resetting. Namespaces come from code, so the map stays small.
 */
@Injectable()
export class CacheStats {
  private readonly total = emptyCounters();
  private readonly byNamespace = new Map<string, CacheNamespaceCounters>();

  record(level: CacheLevel, outcome: CacheOutcome, namespace?: string): void {
    this.total[level][outcome] += 1;
    if (namespace !== undefined) this.namespace(namespace)[level][outcome] += 1;
  }

  recordLoad(namespace: string): void {
    this.total.loads += 1;
    this.namespace(namespace).loads += 1;
  }

  /** A copy of every counter, safe to keep and compare. */
  snapshot(): CacheStatsSnapshot {
    const namespaces: Record<string, CacheNamespaceCounters> = {};
    for (const [name, counters] of this.byNamespace) namespaces[name] = copyCounters(counters);
    return { ...copyCounters(this.total), namespaces };
  }

  private namespace(name: string): CacheNamespaceCounters {
    let counters = this.byNamespace.get(name);
    if (!counters) {
      counters = emptyCounters();
      this.byNamespace.set(name, counters);
    }
    return counters;
  }
}
