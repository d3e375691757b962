/** Where a periodic runner reports its failures and recoveries (a Nest `Logger` fits). */
export interface PeriodicLog {
  warn(context: Record<string, unknown>, message: string): void;
  log(message: string): void;
}

/** How a {@link PeriodicRunner} paces its rounds and what it says about them. */
export interface PeriodicOptions {
  /** Pause between the end of one round and the start of the next, read before each pause. */
  everyMs: () => number;
  /** Logged at the first failing round of an outage (not at every one). */
  failing: string;
  /** Logged at the first round that works after failing ones. */
  recovered: string;
}

/**
 * A timer for background rounds that must keep going whatever Redis or MongoDB do: a plain
 * process timer rather than a queue's repeatable job, which would not run while Redis is down
 * or after a flush — when these rounds are needed most. Rounds never overlap (the next one is
 * scheduled when the current one ends), a round that throws is logged once per outage and the
 * next one still comes, the timer never keeps the process alive, and {@link stop} waits for the
 * round in flight. A round that resolves `true` says more work is waiting: the next starts at once.
 */
export class PeriodicRunner {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> = Promise.resolve();
  private started = false;
  private stopped = false;
  private failing = false;

  constructor(
    private readonly tick: () => Promise<boolean | void>,
    private readonly options: PeriodicOptions,
    private readonly logger: PeriodicLog,
  ) {}

  /** Runs the first round now and keeps going until {@link stop}; a second call does nothing. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.schedule(0);
  }

  /** No round starts after this; resolves once the round in flight, if any, has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.runOnce().then((more) => this.schedule(more ? 0 : this.options.everyMs()));
    }, delayMs);
    this.timer.unref();
  }

  private async runOnce(): Promise<boolean> {
    try {
      const more = await this.tick();
      if (this.failing) this.logger.log(this.options.recovered);
      this.failing = false;
      return more === true;
    } catch (error) {
      if (!this.failing) {
        const { name, message } = error instanceof Error ? error : new Error(String(error));
        this.logger.warn({ errName: name, errMessage: message }, this.options.failing);
      }
      this.failing = true;
      return false;
    }
  }
}
