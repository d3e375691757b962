/** A loaded value as the cache hands it out, with the JSON that L2 stores. */
export interface SharedValue<T> {
  json: string;
  value: T | null;
}

/** Freezes a parsed JSON value all the way down. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Turns a loader's result into what every caller gets: its JSON round trip, deep-frozen.
 * Round-tripping on load means a value has the same shape whether it came from the loader, L1
 * or L2 (a `Date` is a string everywhere, not only after a Redis hit), and freezing stops one
 * caller's mutation from leaking into every later reader of the shared L1 copy.
 * `undefined` counts as "not found" (`null`).
 */
export function toSharedValue<T>(loaded: T | null | undefined): SharedValue<T> {
  const json = JSON.stringify(loaded ?? null) as string | undefined;
  if (json === undefined) throw new TypeError('cached values must be JSON-serialisable');
  return { json, value: deepFreeze(JSON.parse(json) as T | null) };
}
