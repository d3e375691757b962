import type { LoggerService } from '@nestjs/common';

/**
 * Lets at most one warning through per interval and reports how many it held back, so an outage
 * that fails every request writes a line every few seconds instead of one per request.
 */
export class ThrottledLogger {
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
