import { Injectable } from '@nestjs/common';
import { AppConfig } from '@scout/config';
import { Flag, FlagsService } from '@scout/flags';
import { createEntry, encodeEntry, entryState, type CacheEntry } from './cache-entry';
import { CacheInvalidationBus } from './cache-invalidation.bus';
import { jitteredTtlMs, type CachePolicy } from './cache-policy';
import { type CacheLevel, CacheStats } from './cache-stats';
import { LruCache } from './lru-cache';
import { RedisCacheStore } from './redis-cache.store';
import { toSharedValue } from './shared-value';

/** One load in progress for a key, shared by every caller that misses meanwhile. */
interface Flight {
  promise: Promise<unknown>;
  /**
   * Set when the key is invalidated (here or in another process) while the load runs: the
   * in-process generation check. The result still goes to its callers but is not cached.
   */
  superseded: boolean;
}

/**
 * The one cache of the process: L1 (bounded in-process LRU) in front of L2 (Redis), with
 * single-flight loads, jittered TTLs, negative caching, stale-on-error and invalidation across
 * processes. Redis trouble never fails or slows a call beyond `cache.redisTimeoutMs`; the cache
 * then runs on L1 and the loader. While the `cache.enabled` feature flag is off it is a
 * pass-through; the flag may change at run time (see {@link CacheService.switchTo}).
 *
 * Values must be JSON-serialisable plain data: they are stored as JSON in Redis, and every
 * caller receives the JSON form (dates become ISO strings), deep-frozen because L1 shares one
 * copy between callers — copy a value before changing it.
 */
@Injectable()
export class CacheService {
  private readonly settings: AppConfig['cache'];
  private readonly l1: LruCache<CacheEntry>;
  private readonly flights = new Map<string, Flight>();
  /** L1 may hold entries whose invalidation this process did not hear about. */
  private l1Unsynced = false;
  /** The `cache.enabled` flag, mirrored in a field: read on every cached call. */
  private on: boolean;

  constructor(
    config: AppConfig,
    private readonly stats: CacheStats,
    private readonly store: RedisCacheStore,
    private readonly bus: CacheInvalidationBus,
    flags: FlagsService,
  ) {
    this.settings = config.cache;
    this.l1 = new LruCache(this.settings.l1MaxEntries);
    bus.listen({
      onRemoteInvalidation: (keys) => this.dropLocal(keys),
      onSubscribed: (resumed) => {
        // Messages sent while not subscribed are lost: drop what may have missed them.
        if (resumed || this.l1Unsynced) this.l1.clear();
        this.l1Unsynced = false;
      },
    });
    this.on = flags.isEnabled(Flag.CacheEnabled);
    if (this.on) this.startL2();
    flags.onChange(Flag.CacheEnabled, (on) => this.switchTo(on));
  }

  /**
   * Whether caching is on; when off, `getOrLoad` only calls the loader and `invalidate` reaches
   * only Redis and other processes, and only once the cache has been on in this process.
   */
  get enabled(): boolean {
    return this.on;
  }

  /** Whether L2 (Redis) is connected; while not, the cache runs on L1 and the loader. */
  get l2Available(): boolean {
    return this.enabled && this.store.connected;
  }

  /**
   * Whether invalidations from other processes reach this one right now (the pub/sub
   * subscription is live). While not, L1 entries may outlive writes elsewhere until their TTL;
   * worth a health or metrics signal.
   */
  get receivingInvalidations(): boolean {
    return this.enabled && this.bus.subscribed;
  }

  /**
   * The value for `key`: from L1 or L2 while fresh, else from `loader` (once per process for
   * concurrent misses) and then cached for `policy.ttlMs` (minus jitter). A `null` result means
   * "not found" and is cached for `policy.negativeTtlMs`. If the loader throws and an entry
   * expired less than `cache.staleGraceMs` ago, that entry is returned instead; otherwise the
   * loader's error is rethrown unchanged. `key` must be unique across namespaces (see `cacheKey`).
   * The value must be JSON-serialisable; callers get its JSON form, frozen (see the class note).
   * When the cache is disabled the loader's own value is returned as is.
   */
  async getOrLoad<T>(
    key: string,
    loader: () => Promise<T | null>,
    policy: CachePolicy,
  ): Promise<T | null> {
    if (!this.enabled) return (await loader()) ?? null;
    const local = this.l1.get(key);
    if (local) {
      const state = entryState(local, Date.now());
      if (state === 'fresh') {
        this.stats.record('l1', 'hits', policy.namespace);
        return local.value as T | null;
      }
      if (state === 'expired') this.l1.delete(key);
    }
    this.stats.record('l1', 'misses', policy.namespace);
    let flight = this.flights.get(key);
    if (!flight) {
      const started: Flight = { promise: Promise.resolve(), superseded: false };
      started.promise = this.fill(key, loader, policy, started).finally(() => {
        if (this.flights.get(key) === started) this.flights.delete(key);
      });
      this.flights.set(key, started);
      flight = started;
    }
    return (await flight.promise) as T | null;
  }

  /**
   * The value this process holds fresh in L1 for `key`, synchronously: for per-request hot paths
   * (the API key check) that can then skip the promises of {@link getOrLoad}. `undefined` means
   * "not held here": call `getOrLoad`. `null` is a cached "not found". Never loads, never asks
   * Redis; counts an L1 hit when it answers (a miss is counted by the `getOrLoad` that follows).
   */
  peek<T>(key: string, namespace: string): T | null | undefined {
    if (!this.enabled) return undefined;
    const local = this.l1.get(key);
    if (!local || entryState(local, Date.now()) !== 'fresh') return undefined;
    this.stats.record('l1', 'hits', namespace);
    return local.value as T | null;
  }

  /**
   * Forgets `keys` everywhere: this process's L1 at once, then L2, and every other process's L1
   * through pub/sub. Call it after every write of the underlying data. Never throws: if Redis is
   * away the keys are dropped locally and the Redis part is retried once it is back.
   */
  async invalidate(keys: string[]): Promise<void> {
    // Also while switched off, once L2 exists: Redis and the other processes must not keep
    // values this write made outdated, or switching back on would serve them.
    if (!this.store.started || keys.length === 0) return;
    const unique = [...new Set(keys)];
    this.dropLocal(unique);
    await this.store.invalidate(unique);
  }

  /**
   * Follows the `cache.enabled` flag at run time. On: L2 and the invalidation subscription
   * start if this process never had them, and L1 starts empty (whatever it held may have missed
   * invalidations). Off: L1 is emptied; L2, once started, keeps receiving invalidations, so
   * switching back on never serves a value a write made outdated meanwhile.
   */
  private switchTo(on: boolean): void {
    if (on) this.startL2();
    this.l1.clear();
    this.on = on;
  }

  private startL2(): void {
    this.store.start();
    this.bus.start();
  }

  private dropLocal(keys: string[]): void {
    for (const key of keys) {
      this.l1.delete(key);
      const flight = this.flights.get(key);
      if (flight) {
        flight.superseded = true;
        // Later callers start a new load instead of joining one that may have read old data.
        this.flights.delete(key);
      }
    }
  }

  /** L2, then the loader; runs once per key at a time (single-flight). */
  private async fill<T>(
    key: string,
    loader: () => Promise<T | null>,
    policy: CachePolicy,
    flight: Flight,
  ): Promise<T | null> {
    const { namespace } = policy;
    const remote = await this.store.read(key, namespace);
    let staleRemote: CacheEntry | undefined;
    if (remote?.entry) {
      const state = entryState(remote.entry, Date.now());
      if (state === 'fresh') {
        this.stats.record('l2', 'hits', namespace);
        if (!flight.superseded) this.writeL1(key, remote.entry);
        return remote.entry.value as T | null;
      }
      if (state === 'stale') staleRemote = remote.entry;
    }
    if (remote) this.stats.record('l2', 'misses', namespace);

    this.stats.recordLoad(namespace);
    let loaded: T | null;
    try {
      loaded = await loader();
    } catch (error) {
      const fallback = this.staleFallback(key, flight.superseded ? undefined : staleRemote);
      if (!fallback) throw error;
      this.stats.record(fallback.level, 'stale', namespace);
      return fallback.entry.value as T | null;
    }

    const shared = toSharedValue(loaded);
    const found = shared.value !== null;
    const ttlMs = jitteredTtlMs(
      found ? policy.ttlMs : (policy.negativeTtlMs ?? this.settings.negativeTtlMs),
      this.settings.ttlJitterPercent,
    );
    if (flight.superseded || ttlMs <= 0) return shared.value;
    // "Not found" is not kept past its short TTL: serving it stale would hide a create.
    const graceMs = found ? this.settings.staleGraceMs : 0;
    const now = Date.now();
    const entry = createEntry(shared.value, ttlMs, graceMs, now);
    this.writeL1(key, entry);
    // Without the generation read there is no safe L2 write: it could revive an invalidated value.
    if (remote) {
      const expiryMs = entry.staleUntil - now;
      await this.store.write(
        key,
        namespace,
        encodeEntry(entry, shared.json),
        expiryMs,
        remote.generation,
      );
    }
    return shared.value;
  }

  /** The most recent entry still within its grace period, from L1 or the L2 read. */
  private staleFallback(
    key: string,
    remote: CacheEntry | undefined,
  ): { level: CacheLevel; entry: CacheEntry } | undefined {
    const now = Date.now();
    const local = this.l1.peek(key);
    const usable = (entry: CacheEntry | undefined): entry is CacheEntry =>
      entry !== undefined && entryState(entry, now) !== 'expired';
    if (usable(local) && (!usable(remote) || local.freshUntil >= remote.freshUntil)) {
      return { level: 'l1', entry: local };
    }
    return usable(remote) ? { level: 'l2', entry: remote } : undefined;
  }

  private writeL1(key: string, entry: CacheEntry): void {
    this.l1.set(key, entry);
    if (!this.bus.subscribed) this.l1Unsynced = true;
  }
}
