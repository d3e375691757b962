import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './test-env';

/** A Scout process under test, with everything it printed. */
export interface AppProcess {
  child: ChildProcess;
  port: number;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
  /** Parsed JSON log lines from stdout. */
  logLines(): Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function lines(buffer: string[]): (chunk: Buffer) => void {
  let partial = '';
  return (chunk) => {
    const text = partial + chunk.toString('utf8');
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    buffer.push(...parts.filter((l) => l.length > 0));
  };
}

/**
 * Starts an entry point as a real process, so signals, exit codes and stdout are the real
 * thing: by default the api with test routes, compiled on the fly by SWC; pass `nodeArgs: []`
 * to run built JavaScript as it is. `args` go to the entry (a CLI's command line).
 */
export async function startApp(
  env: Record<string, string>,
  entry = join(REPO_ROOT, 'test/support/api-test-entry.ts'),
  nodeArgs = ['-r', '@swc-node/register'],
  args: string[] = [],
): Promise<AppProcess> {
  const port = Number(env.PORT ?? (await freePort()));
  const stdout: string[] = [];
  const stderr: string[] = [];
  const child = spawn(process.execPath, [...nodeArgs, entry, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', lines(stdout));
  child.stderr.on('data', lines(stderr));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const app: AppProcess = {
    child,
    port,
    stdout,
    stderr,
    exited,
    logLines: () =>
      stdout.flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  return app;
}

/** Waits until the process answers its liveness probe, or fails with what it printed. */
export async function waitForListening(app: AppProcess, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && app.child.exitCode === null) {
    try {
      const response = await fetch(`http://127.0.0.1:${app.port}/health/live`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`app did not start:\n${[...app.stdout, ...app.stderr].slice(-20).join('\n')}`);
}
