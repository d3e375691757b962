import type {
  BreakerAdmission,
  BreakerSettings,
  BreakerState,
  BreakerTransition,
} from './breaker.types';

interface HostBreaker {
  failures: number;
  openUntil: number;
  tripped: boolean;
  probe: { token: string; until: number } | undefined;
}

/**
 * The in-process twin of the Redis breaker scripts, used while Redis is unreachable so calls keep
 * flowing and a failing host is still shed. Same semantics, per process instead of shared:
 * `threshold` consecutive failures open the breaker for `openMs`; afterwards exactly one caller
 * (the one holding the probe token) may pass; its success closes the breaker, its failure re-opens
 * it, a neutral outcome releases the probe slot. While tripped, outcomes of calls that were let
 * in before the breaker opened change nothing.
 */
export class LocalBreakerStore {
  private readonly hosts = new Map<string, HostBreaker>();

  constructor(
    private readonly settings: BreakerSettings,
    private readonly now: () => number = Date.now,
  ) {}

  admit(host: string, token: string): BreakerAdmission {
    const breaker = this.hosts.get(host);
    if (!breaker) return { admitted: true, probe: false };
    const now = this.now();
    if (breaker.openUntil > now) {
      return { admitted: false, state: 'open', retryAfterMs: breaker.openUntil - now };
    }
    if (!breaker.tripped) return { admitted: true, probe: false };
    if (breaker.probe === undefined || breaker.probe.until <= now) {
      breaker.probe = { token, until: now + this.settings.probeTtlMs };
      return { admitted: true, probe: true };
    }
    return {
      admitted: false,
      state: 'half-open',
      retryAfterMs: Math.min(breaker.probe.until - now, this.settings.openMs),
    };
  }

  recordFailure(host: string, token: string): BreakerTransition {
    const breaker = this.entry(host);
    if (this.ownsProbe(breaker, token)) {
      breaker.probe = undefined;
      breaker.openUntil = this.now() + this.settings.openMs;
      return 'reopened';
    }
    if (breaker.tripped) return 'none';
    breaker.failures += 1;
    if (breaker.failures < this.settings.threshold) return 'none';
    breaker.failures = 0;
    breaker.tripped = true;
    breaker.openUntil = this.now() + this.settings.openMs;
    return 'opened';
  }

  recordSuccess(host: string, token: string): BreakerTransition {
    const breaker = this.hosts.get(host);
    if (!breaker) return 'none';
    if (this.ownsProbe(breaker, token)) {
      this.hosts.delete(host);
      return 'closed';
    }
    if (!breaker.tripped) breaker.failures = 0;
    return 'none';
  }

  /** Gives up the probe slot without a verdict, so the next caller may probe. */
  release(host: string, token: string): void {
    const breaker = this.hosts.get(host);
    if (breaker && this.ownsProbe(breaker, token)) breaker.probe = undefined;
  }

  state(host: string): BreakerState {
    const breaker = this.hosts.get(host);
    if (!breaker) return 'closed';
    if (breaker.openUntil > this.now()) return 'open';
    return breaker.tripped ? 'half-open' : 'closed';
  }

  private ownsProbe(breaker: HostBreaker, token: string): boolean {
    return (
      breaker.probe !== undefined &&
      breaker.probe.token === token &&
      breaker.probe.until > this.now()
    );
  }

  private entry(host: string): HostBreaker {
    let breaker = this.hosts.get(host);
    if (!breaker) {
      breaker = { failures: 0, openUntil: 0, tripped: false, probe: undefined };
      this.hosts.set(host, breaker);
    }
    return breaker;
  }
}
