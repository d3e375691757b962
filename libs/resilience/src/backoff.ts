/**
 * Exponential backoff with FULL jitter: a uniform random delay in `[0, min(cap, base × 2^retry)]`
 * (whole milliseconds). Full jitter spreads the retries of many workers that failed together, so
 * they do not hit a recovering host in waves. `retry` is 0 for the first retry, so the first
 * delay is at most `baseMs`.
 */
export function fullJitterBackoffMs(
  retry: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(retry, 0), 30));
  return Math.min(ceiling, Math.floor(random() * (ceiling + 1)));
}
