import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** How a child process ended (`error` is set when it could not be started at all). */
export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: string;
}

const exitCleanups = new Set<() => void>();
let hooksInstalled = false;

/**
 * Runs `cleanup` synchronously if this process exits (or dies of SIGINT/SIGTERM/SIGHUP that nobody
 * else handles) before the returned function unregisters it, so nothing we start outlives us.
 */
export function onProcessExit(cleanup: () => void): () => void {
  installHooks();
  exitCleanups.add(cleanup);
  return () => {
    exitCleanups.delete(cleanup);
  };
}

function runExitCleanups(): void {
  // Last registered first: processes die before the directories they write into are removed.
  for (const cleanup of [...exitCleanups].reverse()) {
    exitCleanups.delete(cleanup);
    try {
      cleanup();
    } catch {
      // Best effort: the process is going away anyway.
    }
  }
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', runExitCleanups);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = (): void => {
      // Another listener (e.g. scripts/up.ts) owns this signal and will stop things itself.
      if (process.listenerCount(signal) > 1) return;
      runExitCleanups();
      // Restore the default action and die of the same signal, as if we had never listened.
      process.removeListener(signal, handler);
      process.kill(process.pid, signal);
    };
    process.on(signal, handler);
  }
}

function killTree(proc: ChildProcess, detached: boolean, signal: NodeJS.Signals): void {
  if (proc.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
  try {
    // A detached child leads its own process group: signal the whole group.
    if (detached) process.kill(-proc.pid, signal);
    else proc.kill(signal);
  } catch {
    // Already gone.
  }
}

function forEachLine(
  stream: NodeJS.ReadableStream | null,
  onLine: (line: string) => void,
): Promise<void> {
  if (!stream) return Promise.resolve();
  return new Promise((resolve) => {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (pending + chunk).split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) onLine(line.replace(/\r$/, ''));
    });
    stream.on('end', () => {
      if (pending) onLine(pending);
      resolve();
    });
    stream.on('error', () => resolve());
  });
}

/** Options for {@link Child}. */
export interface ChildOptions {
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Own process group, so a terminal Ctrl-C reaches only us and we stop the child in order. */
  detached?: boolean;
  /** Do not keep our event loop alive for this child (background services). */
  background?: boolean;
  /** Receives every output line; lines are also kept (the last ones) for error messages. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

/**
 * A long-running child process whose last output lines are kept for error messages and which is
 * SIGKILLed if we exit without stopping it.
 */
export class Child {
  readonly name: string;
  /** Resolves once the child has exited and its output is read. */
  readonly exited: Promise<ExitInfo>;
  private readonly proc: ChildProcess;
  private readonly detached: boolean;
  private readonly lines: string[] = [];
  private exit: ExitInfo | undefined;

  constructor(options: ChildOptions) {
    this.name = options.name;
    this.detached = options.detached ?? false;
    this.proc = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: this.detached,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (line: string, stream: 'stdout' | 'stderr'): void => {
      this.lines.push(line);
      if (this.lines.length > 200) this.lines.splice(0, this.lines.length - 200);
      options.onLine?.(line, stream);
    };
    const output = Promise.all([
      forEachLine(this.proc.stdout, (line) => keep(line, 'stdout')),
      forEachLine(this.proc.stderr, (line) => keep(line, 'stderr')),
    ]);
    const unregister = onProcessExit(() => killTree(this.proc, this.detached, 'SIGKILL'));
    this.exited = new Promise<ExitInfo>((resolve) => {
      this.proc.once('error', (error) => {
        this.exit ??= { code: null, signal: null, error: error.message };
        unregister();
        resolve(this.exit);
      });
      this.proc.once('exit', (code, signal) => {
        this.exit ??= { code, signal };
        unregister();
        // Output may trail the exit a little; do not wait forever for a grandchild holding a pipe.
        void Promise.race([output, delay(500, undefined, { ref: false })]).then(() =>
          resolve(this.exit ?? { code, signal }),
        );
      });
    });
    if (options.background) {
      this.proc.unref();
      for (const stream of [this.proc.stdout, this.proc.stderr]) {
        if (stream instanceof Socket) stream.unref();
      }
    }
  }

  /** The exit status, or undefined while the child runs. */
  get exitInfo(): ExitInfo | undefined {
    return this.exit;
  }

  /** The last output lines, for error messages. */
  tail(count = 25): string {
    const lines = this.lines.slice(-count);
    return lines.length ? lines.join('\n') : '(no output)';
  }

  /**
   * Sends one signal (to the whole group when detached) without waiting: SIGSTOP and SIGCONT to
   * freeze and thaw a server, SIGKILL to crash it, SIGTERM to ask it to shut down.
   */
  signal(signal: NodeJS.Signals): void {
    killTree(this.proc, this.detached, signal);
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the child is gone. */
  async stop(graceMs: number): Promise<ExitInfo> {
    if (this.exit) return this.exit;
    killTree(this.proc, this.detached, 'SIGTERM');
    const timer = setTimeout(() => killTree(this.proc, this.detached, 'SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Describes an exit for messages: "exit code 1", "signal SIGKILL", "failed to start: …". */
export function describeExit(exit: ExitInfo): string {
  if (exit.error) return `failed to start: ${exit.error}`;
  return exit.signal ? `signal ${exit.signal}` : `exit code ${String(exit.code)}`;
}

/** Result of {@link run}. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  error?: string;
}

/** Options for {@link run}. */
export interface RunOptions {
  timeoutMs: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** 'inherit' shows the output live (builds); the default captures it. */
  stdio?: 'pipe' | 'inherit';
}

/**
 * Runs a command to completion with a hard timeout (SIGKILL), so no step can hang a script;
 * captures its output unless `stdio: 'inherit'`.
 */
export function run(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<RunResult> {
  return new Promise((resolve) => {
    const stdio: StdioOptions =
      options.stdio === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'];
    // Own process group, so a timeout or our exit also ends what the command started (go build's
    // compilers, npm's scripts).
    const proc = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio,
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(proc, true, 'SIGKILL');
    }, options.timeoutMs);
    const unregister = onProcessExit(() => killTree(proc, true, 'SIGKILL'));
    let settled = false;
    const finish = (code: number | null, error?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unregister();
      resolve({ code, stdout, stderr, timedOut, error });
    };
    proc.once('error', (error) => finish(null, error.message));
    proc.once('close', (code) => finish(code));
  });
}

/** The last `count` non-empty lines of some output, for error messages. */
export function lastLines(text: string, count = 25): string {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  return lines.length ? lines.slice(-count).join('\n') : '(no output)';
}

/** One-line summary of a failed {@link run}, with the end of its output. */
export function describeRun(what: string, result: RunResult, timeoutMs: number): string {
  const how = result.timedOut
    ? `timed out after ${Math.round(timeoutMs / 1000)} s`
    : result.error
      ? `failed to start: ${result.error}`
      : `exited with code ${String(result.code)}`;
  return `${what} ${how}\n${lastLines(`${result.stdout}\n${result.stderr}`)}`;
}
