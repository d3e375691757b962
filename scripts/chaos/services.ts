// The servers a chaos run breaks on purpose: its own redis-server and FerretDB (SQLite backend),
// each on a fixed loopback port so a restarted server comes back where Scout's clients reconnect,
// and FerretDB's data directory on a small tmpfs so it can be filled up.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { ensureFerretdb } from '../lib/ferretdb';
import { Child, run } from '../lib/processes';
import { freePort, mongoAnswers, redisAnswers, waitUntilReady } from '../lib/readiness';
import { ensureCommand } from '../lib/system';

const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
/** Size of the tmpfs holding FerretDB's SQLite files: small enough to fill in a second. */
export const DATA_TMPFS_MB = 128;

/** A server the chaos run can freeze, crash and bring back on the same port. */
export class ChaosServer {
  private child: Child | undefined;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly command: string,
    private readonly args: string[],
    private readonly answers: (port: number) => Promise<boolean>,
  ) {}

  /** Starts the server (again) and waits until it answers. */
  async start(): Promise<void> {
    const child = new Child({
      name: this.name,
      command: this.command,
      args: this.args,
      cwd: os.tmpdir(),
      detached: true,
      background: true,
    });
    this.child = child;
    await waitUntilReady({
      label: `${this.name} on 127.0.0.1:${this.port}`,
      probe: () => this.answers(this.port),
      timeoutMs: READY_TIMEOUT_MS,
      child,
    });
  }

  /** SIGSTOP: the process keeps its sockets open and answers nothing, like a hung host. */
  freeze(): void {
    this.child?.signal('SIGSTOP');
  }

  /** SIGCONT: whatever waited in the socket buffers is processed now. */
  thaw(): void {
    this.child?.signal('SIGCONT');
  }

  /** SIGKILL, as a crash or the OOM killer would; resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.signal('SIGKILL');
    await child.exited;
  }

  /** Whether the process is running (a frozen one counts). */
  get running(): boolean {
    return this.child !== undefined && this.child.exitInfo === undefined;
  }

  async stop(): Promise<void> {
    this.child?.signal('SIGCONT');
    await this.child?.stop(STOP_GRACE_MS);
  }
}

/** The run's servers and where FerretDB keeps its data. */
export interface ChaosServices {
  redis: ChaosServer;
  mongo: ChaosServer;
  mongoUri: string;
  redisUrl: string;
  /** FerretDB's SQLite directory. */
  dataDir: string;
  /** Whether `dataDir` is a tmpfs of {@link DATA_TMPFS_MB} MB (false: mount was refused). */
  dataDirIsTmpfs: boolean;
  /** Why the tmpfs could not be mounted, when it could not. */
  tmpfsProblem?: string;
  stop(): Promise<void>;
}

/**
 * Starts redis-server (no persistence: a restart comes back empty) and FerretDB with its SQLite
 * files on a fresh tmpfs when the machine lets us mount one.
 */
export async function startChaosServices(log: (line: string) => void): Promise<ChaosServices> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'scout-chaos-'));
  const dataDir = path.join(base, 'sqlite');
  const stateDir = path.join(base, 'state');
  fs.mkdirSync(dataDir);
  fs.mkdirSync(stateDir);
  const mount = await run(
    'mount',
    ['-t', 'tmpfs', '-o', `size=${DATA_TMPFS_MB}m`, 'tmpfs', dataDir],
    { timeoutMs: 10_000 },
  );
  const dataDirIsTmpfs = mount.code === 0;
  const tmpfsProblem = dataDirIsTmpfs
    ? undefined
    : `mount -t tmpfs refused: ${(mount.stderr || mount.error || '').trim()}`;
  log(
    dataDirIsTmpfs
      ? `mongo data: ${DATA_TMPFS_MB} MB tmpfs at ${dataDir}`
      : `mongo data: ${dataDir} (no tmpfs: ${tmpfsProblem})`,
  );

  const redisServer = await ensureCommand('redis-server', 'redis-server', log);
  const ferretdb = await ensureFerretdb(log);
  const [redisPort, mongoPort] = [await freePort(), await freePort()];
  const redis = new ChaosServer(
    'redis-server',
    redisPort,
    redisServer,
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    redisAnswers,
  );
  const mongo = new ChaosServer(
    'FerretDB',
    mongoPort,
    ferretdb,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dataDir}/`,
      `--listen-addr=127.0.0.1:${mongoPort}`,
      `--state-dir=${stateDir}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=error',
    ],
    mongoAnswers,
  );
  await Promise.all([redis.start(), mongo.start()]);
  log(`redis-server on 127.0.0.1:${redisPort}, FerretDB (sqlite) on 127.0.0.1:${mongoPort}`);
  return {
    redis,
    mongo,
    mongoUri: `mongodb://127.0.0.1:${mongoPort}`,
    redisUrl: `redis://127.0.0.1:${redisPort}`,
    dataDir,
    dataDirIsTmpfs,
    tmpfsProblem,
    stop: async () => {
      await Promise.allSettled([redis.stop(), mongo.stop()]);
      if (dataDirIsTmpfs) {
        // The unmount fails while a process still has the directory open; give it a moment.
        for (let i = 0; i < 5; i++) {
          if ((await run('umount', [dataDir], { timeoutMs: 10_000 })).code === 0) break;
          await delay(500);
        }
      }
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}
