/**
 * How one kind of data is cached. Callers keep one policy per data type (built from config),
 * so TTLs are decided in one place.
 */
export interface CachePolicy {
  /** Groups stats (`profile`, `company`); a fixed set chosen in code, never user input. */
  namespace: string;
  /** How long a loaded value is fresh, before jitter. `<= 0` disables caching for the policy. */
  ttlMs: number;
  /** How long a `null` ("not found") is remembered; defaults to `cache.negativeTtlMs`. */
  negativeTtlMs?: number;
}

/**
 * TTL shortened by a random share of up to `jitterPercent`, so entries written together (a warm-up,
 * a burst of traffic) do not all expire, and reload, in the same instant.
 */
export function jitteredTtlMs(ttlMs: number, jitterPercent: number, random = Math.random): number {
  if (ttlMs <= 0) return 0;
  const share = Math.min(Math.max(jitterPercent, 0), 100) / 100;
  return Math.max(1, Math.round(ttlMs * (1 - random() * share)));
}
