import type { LoggerService } from '@nestjs/common';

/**
 * Lets at most one warning through per interval and says how many it held back, so a Redis outage
 * that affects every outbound call writes one line every few seconds, not one per call.
 */
export class ThrottledWarning {
  private lastAt = Number.NEGATIVE_INFINITY;
  private suppressed = 0;

  constructor(
    private readonly logger: Pick<LoggerService, 'warn'>,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Logs unless a warning went out less than the interval ago; returns whether it logged. */
  warn(fields: Record<string, unknown>, message: string): boolean {
    const now = this.now();
    if (now - this.lastAt < this.intervalMs) {
      this.suppressed += 1;
      return false;
    }
    this.lastAt = now;
    const suppressed = this.suppressed;
    this.suppressed = 0;
    this.logger.warn(suppressed > 0 ? { ...fields, suppressed } : fields, message);
    return true;
  }
}
