/**
 * Builds a cache key from a namespace and parts (`cacheKey('profile', id)` → `profile:<id>`).
 * Keys must be unique across namespaces because `invalidate` takes bare keys; starting each
 * key with its namespace guarantees that. Domain key builders live with the domain (profiles).
 */
export function cacheKey(namespace: string, ...parts: Array<string | number>): string {
  if (namespace.length === 0) throw new RangeError('cache key namespace must not be empty');
  return [namespace, ...parts].join(':');
}
