import type { RateDecision } from './rate-decision';

/**
 * An in-process sliding-window log per host: at most `limit` grants in any `windowMs`, plus
 * pauses (a host's Retry-After). The fallback of {@link HostRateLimiter} while Redis is
 * unreachable; it then limits each process separately, so N workers may together send up to N
 * times the configured rate for the length of the outage.
 */
export class LocalRateWindow {
  private readonly grants = new Map<string, number[]>();
  private readonly pausedUntil = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  acquire(host: string): RateDecision {
    const now = this.now();
    const paused = this.pausedUntil.get(host) ?? 0;
    if (paused > now) return { allowed: false, retryAfterMs: paused - now };
    this.pausedUntil.delete(host);
    const log = (this.grants.get(host) ?? []).filter((at) => at > now - this.windowMs);
    if (log.length < this.limit) {
      log.push(now);
      this.grants.set(host, log);
      return { allowed: true };
    }
    this.grants.set(host, log);
    return { allowed: false, retryAfterMs: Math.max(1, log[0] + this.windowMs - now) };
  }

  /** No grants for `host` during the next `ms` (keeps a longer pause already in place). */
  pause(host: string, ms: number): void {
    const until = this.now() + ms;
    if (until > (this.pausedUntil.get(host) ?? 0)) this.pausedUntil.set(host, until);
  }
}
