/**
 * Parses `Retry-After` (delta seconds or HTTP date) into milliseconds from `now`; undefined
 * when absent or unreadable, so callers fall back to their own backoff.
 */
export function parseRetryAfter(
  header: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
