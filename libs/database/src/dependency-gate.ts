import { Logger } from '@nestjs/common';
import { DomainError, ErrorCode } from '@scout/common';

/** The dependencies whose outages Scout tracks. */
export type DependencyName = 'mongo' | 'redis';

/** When a gate closes and how it learns that the dependency is back. */
export interface DependencyGateSettings {
  /** Consecutive timeouts after which the dependency counts as down. */
  timeoutsBeforeDown: number;
  /** While down, the pause between probes. */
  probeIntervalMs: number;
  /** `Retry-After` of the 503 answered while down. */
  retryAfterSeconds: number;
  /** Bound of one probe. */
  probeTimeoutMs: number;
}

/**
 * What Scout knows about one dependency right now, so requests that need it fail in
 * microseconds while it is known to be down instead of each waiting out a deadline. It closes on
 * a run of timeouts or when the connection says so, and opens only when a probe (a ping, bounded)
 * succeeds; probes run only while closed. Callers report outcomes; the gate never calls the
 * dependency on a request's behalf.
 */
export class DependencyGate {
  private readonly logger: Logger;
  private available = true;
  private timeouts = 0;
  private probeTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly listeners: Array<(up: boolean) => void> = [];

  constructor(
    readonly name: DependencyName,
    private readonly settings: DependencyGateSettings,
    private readonly probe: () => Promise<unknown>,
  ) {
    this.logger = new Logger(`Dependency:${name}`);
  }

  /** Whether requests may use the dependency. */
  get up(): boolean {
    return this.available;
  }

  /** Tells `listener` every time the gate closes (`false`) or opens (`true`). */
  onChange(listener: (up: boolean) => void): void {
    this.listeners.push(listener);
  }

  /** Throws 503 `DEPENDENCY_UNAVAILABLE` with `Retry-After` while the dependency is down. */
  ensureUp(): void {
    if (!this.available) throw this.unavailable();
  }

  /** The error a request gets while the dependency is down. */
  unavailable(cause?: unknown): DomainError {
    return new DomainError(
      ErrorCode.DependencyUnavailable,
      this.name === 'mongo'
        ? 'The database is unavailable.'
        : 'The cache and queue store is unavailable.',
      { retryAfterSeconds: this.settings.retryAfterSeconds, cause },
    );
  }

  /** A call answered in time: the run of timeouts is broken. */
  recordSuccess(): void {
    this.timeouts = 0;
  }

  /** A call got no answer within its deadline; enough of them in a row close the gate. */
  recordTimeout(): void {
    this.timeouts += 1;
    if (this.timeouts >= this.settings.timeoutsBeforeDown) {
      this.markDown(`${this.timeouts} consecutive timeouts`);
    }
  }

  /** Closes the gate (idempotent) and starts probing. */
  markDown(reason: string): void {
    if (this.stopped || !this.available) return;
    this.available = false;
    this.logger.warn(
      { dependency: this.name, reason },
      'dependency down; failing fast until a probe succeeds',
    );
    this.scheduleProbe();
    this.notify();
  }

  /** Stops probing for good (application shutdown). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.probeTimer);
  }

  private scheduleProbe(): void {
    if (this.stopped) return;
    this.probeTimer = setTimeout(() => void this.runProbe(), this.settings.probeIntervalMs);
    this.probeTimer.unref();
  }

  private async runProbe(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('probe timed out')), this.settings.probeTimeoutMs);
      timer.unref();
    });
    try {
      await Promise.race([this.probe(), deadline]);
    } catch {
      this.scheduleProbe();
      return;
    } finally {
      clearTimeout(timer);
    }
    if (this.stopped) return;
    this.available = true;
    this.timeouts = 0;
    this.logger.log({ dependency: this.name }, 'dependency back');
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener(this.available);
  }
}
