import type { ScoutSettings } from '@scout/config';

/**
 * Scout's feature flags, by the key every provider knows them under. Keys are stable: a
 * remote flag service would hold flags with exactly these names.
 */
export enum Flag {
  /** Off: scrape requests are refused with 503 FEATURE_DISABLED and workers take no scrape jobs. */
  ScrapingEnabled = 'scraping.enabled',
  /** Off: the maintenance tick queues no re-scrapes of stale profiles. */
  ScrapingScheduler = 'scraping.scheduler',
  /** Off: the profile and company cache is a pass-through. */
  CacheEnabled = 'cache.enabled',
  /** Off: the api does not preload profiles into the cache when it starts. */
  CacheWarming = 'cache.warming',
}

/** Every flag is a boolean today; the provider also serves strings, numbers and objects. */
export type FlagValues = Readonly<Record<Flag, boolean>>;

/** All flags, in a stable order, for snapshots and documentation. */
export const ALL_FLAGS: readonly Flag[] = Object.values(Flag);

/**
 * The flag values a settings object describes. Used twice: as the configuration provider's
 * values, and as the fallback when any provider cannot answer, so a flag never resolves to a
 * value nobody configured.
 */
export function flagValuesOf(settings: Pick<ScoutSettings, 'cache' | 'flags'>): FlagValues {
  return {
    [Flag.ScrapingEnabled]: settings.flags.scrapingEnabled,
    [Flag.ScrapingScheduler]: settings.flags.scrapingScheduler,
    [Flag.CacheEnabled]: settings.cache.enabled,
    [Flag.CacheWarming]: settings.flags.cacheWarming,
  };
}
