import { deepFreeze } from './shared-value';

/**
 * A cached value with its freshness window, the same in L1 and L2. `value: null` is a cached
 * "not found". Times are epoch milliseconds so processes can share entries through Redis.
 */
export interface CacheEntry {
  value: unknown;
  /** Until then the entry is served without asking the loader. */
  freshUntil: number;
  /** Until then the entry may stand in for a failed load (fail-safe); then it is gone. */
  staleUntil: number;
}

/** Where an entry stands at a given moment. */
export type EntryState = 'fresh' | 'stale' | 'expired';

export function entryState(entry: CacheEntry, now: number): EntryState {
  if (now < entry.freshUntil) return 'fresh';
  if (now < entry.staleUntil) return 'stale';
  return 'expired';
}

/** An entry fresh for `ttlMs` from `now`, then usable as a fail-safe for `graceMs` more. */
export function createEntry(
  value: unknown,
  ttlMs: number,
  graceMs: number,
  now: number,
): CacheEntry {
  const freshUntil = now + ttlMs;
  return { value, freshUntil, staleUntil: freshUntil + Math.max(graceMs, 0) };
}

/** The Redis form of an entry; `json` is the value's JSON, already made by the caller. */
export function encodeEntry(entry: CacheEntry, json: string): string {
  return `{"f":${entry.freshUntil},"s":${entry.staleUntil},"v":${json}}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Reads an entry written by {@link encodeEntry}; anything else (an older format, a foreign
 * value under our prefix) reads as a miss rather than an error, so a bad entry heals on reload.
 */
export function decodeEntry(raw: string): CacheEntry | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed) || !('v' in parsed)) return undefined;
  const { f, s, v } = parsed;
  if (typeof f !== 'number' || typeof s !== 'number' || !Number.isFinite(f) || s < f) {
    return undefined;
  }
  return { value: deepFreeze(v), freshUntil: f, staleUntil: s };
}
