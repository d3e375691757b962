import { Child, type ChildOptions, describeExit, type ExitInfo } from './processes';

/** Options for {@link Supervisor}; the delays are in milliseconds. */
export interface SupervisorOptions {
  /** How to start the process, each time. */
  child: ChildOptions;
  /** Receives one line per crash and restart. */
  log: (line: string) => void;
  /** Wait before the first restart after a crash. Default 1 s. */
  initialDelayMs?: number;
  /** The wait doubles with every crash in a row, up to this. Default 30 s. */
  maxDelayMs?: number;
  /** A process that stayed up this long counts as healthy: its next crash waits the initial delay again. Default 60 s. */
  resetAfterMs?: number;
  /** On stop: SIGTERM, then SIGKILL after this. Default 15 s. */
  stopGraceMs?: number;
}

/** Formats a delay for log lines: "1 s", "0.25 s". */
function inSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}

/**
 * Keeps a long-running process up during local development: a crash (an exit nobody asked for)
 * is logged and followed by a restart after a delay that doubles with every crash in a row, so
 * a process that dies at once does not spin, and one that ran for a while comes back quickly.
 * {@link stop} ends it for good, also during a pending restart.
 */
export class Supervisor {
  readonly name: string;
  private readonly options: Required<Omit<SupervisorOptions, 'child' | 'log'>>;
  private current: Child | undefined;
  private nextDelayMs: number;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private crashes = 0;

  constructor(private readonly settings: SupervisorOptions) {
    this.name = settings.child.name;
    this.options = {
      initialDelayMs: settings.initialDelayMs ?? 1_000,
      maxDelayMs: settings.maxDelayMs ?? 30_000,
      resetAfterMs: settings.resetAfterMs ?? 60_000,
      stopGraceMs: settings.stopGraceMs ?? 15_000,
    };
    this.nextDelayMs = this.options.initialDelayMs;
  }

  /** How many times the process crashed so far. */
  get crashCount(): number {
    return this.crashes;
  }

  /** Starts the process; call once. */
  start(): void {
    if (this.current || this.stopping) return;
    this.launch();
  }

  /** Stops the process (and any pending restart); resolves once it is gone. */
  async stop(): Promise<ExitInfo | undefined> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    return this.current?.stop(this.options.stopGraceMs);
  }

  private launch(): void {
    const startedAt = Date.now();
    const child = new Child(this.settings.child);
    this.current = child;
    void child.exited.then((exit) => this.onExit(exit, Date.now() - startedAt));
  }

  private onExit(exit: ExitInfo, upMs: number): void {
    if (this.stopping) return;
    this.crashes += 1;
    if (upMs >= this.options.resetAfterMs) this.nextDelayMs = this.options.initialDelayMs;
    const delayMs = this.nextDelayMs;
    this.nextDelayMs = Math.min(delayMs * 2, this.options.maxDelayMs);
    const at = new Date(Date.now() + delayMs).toTimeString().slice(0, 8);
    this.settings.log(
      `${this.name} exited unexpectedly (${describeExit(exit)}) after ${inSeconds(upMs)}; ` +
        `restarting in ${inSeconds(delayMs)} (at ${at}, crash ${this.crashes})`,
    );
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.stopping) return;
      this.settings.log(`${this.name}: restarting`);
      this.launch();
    }, delayMs);
  }
}
