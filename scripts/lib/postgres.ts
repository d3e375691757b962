import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describeRun, run } from './processes';
import { aptInstall, which } from './system';

/** The database FerretDB keeps its data in, inside the throwaway (or dev) cluster. */
export const FERRETDB_DATABASE = 'ferretdb';
/** Debian's server binaries live here, one directory per major version, not on PATH. */
const DEBIAN_PREFIX = '/usr/lib/postgresql';
const RUN_AS = 'postgres';
const STEP_TIMEOUT_MS = 60_000;

/** A PostgreSQL installation: its bin directory and version, and how commands are run as its user. */
export interface PostgresInstall {
  binDir: string;
  version: string;
  /** `[command, args]` running `binary` (of `binDir`) with `args` as the cluster's user. */
  command: (binary: string, args: string[]) => { command: string; args: string[] };
  /** The same for any command on PATH (e.g. `test`). */
  asUser: (command: string, args: string[]) => { command: string; args: string[] };
}

/** A PostgreSQL cluster directory made ready to start, and the commands that start and serve it. */
export interface PostgresCluster {
  install: PostgresInstall;
  dataDir: string;
  /** The server in the foreground on 127.0.0.1:`port`, TCP only (no Unix socket). */
  serverCommand: (port: number) => { command: string; args: string[] };
  /** True when the server on `port` accepts connections (`pg_isready`). */
  accepts: (port: number) => Promise<boolean>;
  /**
   * Fast shutdown (`pg_ctl stop -m fast`): sessions are ended, not waited for. The server's
   * own SIGTERM is a smart shutdown, which waits for every session.
   */
  stopFast: () => Promise<void>;
  /** Creates {@link FERRETDB_DATABASE} unless it exists; returns FerretDB's connection URL. */
  createDatabase: (port: number) => Promise<string>;
}

function majorVersions(): string[] {
  try {
    return fs
      .readdirSync(DEBIAN_PREFIX)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
  } catch {
    return [];
  }
}

/** The server and client programs Scout runs, which must sit in one directory. */
const PROGRAMS = ['initdb', 'postgres', 'pg_ctl', 'pg_isready', 'createdb'];

function isComplete(dir: string): boolean {
  return PROGRAMS.every((name) => fs.existsSync(path.join(dir, name)));
}

/**
 * The directory of the PostgreSQL programs: where `initdb` on PATH really lives (it may be a
 * symlink into Debian's tree), else Debian's newest major version.
 */
function findBinDir(): string | undefined {
  const initdb = which('initdb');
  if (initdb) {
    const dir = path.dirname(fs.realpathSync(initdb));
    if (isComplete(dir)) return dir;
  }
  return majorVersions()
    .map((major) => path.join(DEBIAN_PREFIX, major, 'bin'))
    .find(isComplete);
}

/**
 * Finds the PostgreSQL server binaries, installing Debian's `postgresql` package when they are
 * missing and we may (root with apt-get), as for redis-server. The server refuses to run as
 * root, so as root every server command runs as the `postgres` user through `runuser`.
 */
export async function ensurePostgres(log: (line: string) => void): Promise<PostgresInstall> {
  const isRoot = process.getuid?.() === 0;
  let binDir = findBinDir();
  if (!binDir) {
    const apt = which('apt-get');
    if (!apt || !isRoot) {
      throw new Error(
        `PostgreSQL (initdb, postgres) is not installed and cannot be installed automatically ` +
          `(${apt ? 'not running as root' : 'apt-get not found'}).\n` +
          'Install it, e.g. `sudo apt-get install -y postgresql` on Debian/Ubuntu, or set ' +
          'SCOUT_FERRETDB_BACKEND=sqlite, or set MONGODB_URI to a running MongoDB.',
      );
    }
    log('postgres: not found; installing Debian package postgresql with apt-get');
    await aptInstall(apt, 'postgresql');
    binDir = findBinDir();
    if (!binDir) throw new Error(`apt-get installed postgresql, but no initdb was found`);
  }
  const runuser = isRoot ? which('runuser') : undefined;
  if (isRoot && !runuser) {
    throw new Error(
      'running as root, but runuser (util-linux) is missing: PostgreSQL refuses root',
    );
  }
  const asUser = (command: string, args: string[]): { command: string; args: string[] } =>
    runuser
      ? { command: runuser, args: ['-u', RUN_AS, '--', command, ...args] }
      : { command, args };
  const dir = binDir;
  const command = (binary: string, args: string[]): { command: string; args: string[] } =>
    asUser(path.join(dir, binary), args);
  const version = await run(path.join(binDir, 'postgres'), ['--version'], {
    cwd: os.tmpdir(),
    timeoutMs: 10_000,
  });
  return {
    binDir,
    version: /\(PostgreSQL\)\s+(\S+)/.exec(version.stdout)?.[1] ?? 'unknown version',
    command,
    asUser,
  };
}

/** uid and gid of the `postgres` user, from `id`. */
async function userIds(): Promise<{ uid: number; gid: number }> {
  const options = { cwd: os.tmpdir(), timeoutMs: 10_000 };
  const [uid, gid] = await Promise.all([
    run('id', ['-u', RUN_AS], options),
    run('id', ['-g', RUN_AS], options),
  ]);
  if (uid.code !== 0 || gid.code !== 0) {
    throw new Error(`running as root, but there is no '${RUN_AS}' user to run PostgreSQL as`);
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * Whether the user the server runs as can get into `dir`'s parent: as root that is `postgres`,
 * which cannot enter a clone under a private home such as /root.
 */
export async function serverUserReaches(install: PostgresInstall, dir: string): Promise<boolean> {
  if (process.getuid?.() !== 0) return true;
  const reach = await run(...spread(install.asUser('test', ['-x', path.dirname(dir)])));
  return reach.code === 0;
}

/**
 * Prepares `dataDir` as a cluster (initdb once, trust auth: the server only listens on
 * 127.0.0.1) owned by the user the server runs as. `throwaway` clusters skip fsync: their data
 * is deleted after the run anyway, and tests write a lot.
 */
export async function preparePostgresCluster(
  install: PostgresInstall,
  dataDir: string,
  throwaway: boolean,
): Promise<PostgresCluster> {
  if (process.getuid?.() === 0) {
    const { uid, gid } = await userIds();
    fs.chownSync(dataDir, uid, gid);
    // The server user has to reach its directory through ours.
    const parent = path.dirname(dataDir);
    if (throwaway) fs.chmodSync(parent, fs.statSync(parent).mode | 0o111);
    const reach = await run(
      ...spread(install.asUser('test', ['-w', dataDir, '-a', '-x', dataDir])),
    );
    if (reach.code !== 0) {
      throw new Error(
        `PostgreSQL runs as the '${RUN_AS}' user, which cannot reach ${dataDir}. Move the clone ` +
          'somewhere that user can read, or set SCOUT_FERRETDB_BACKEND=sqlite.',
      );
    }
  }
  fs.chmodSync(dataDir, 0o700);
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const args = ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C'];
    const initdb = await run(
      ...spread(install.command('initdb', throwaway ? [...args, '--no-sync'] : args)),
    );
    if (initdb.code !== 0) throw new Error(describeRun('initdb', initdb, STEP_TIMEOUT_MS));
  }
  const client = (binary: string, port: number, args: string[]): [string, string[]] => [
    path.join(install.binDir, binary),
    ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', ...args],
  ];
  const settings = [
    'listen_addresses=127.0.0.1',
    'unix_socket_directories=',
    // FerretDB names the field of an equality as a parameter; only a plan made with the
    // parameters' values can use the index sync's equality indexes.
    'plan_cache_mode=force_custom_plan',
    ...(throwaway ? ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'] : []),
  ];
  return {
    install,
    dataDir,
    serverCommand: (port) =>
      install.command('postgres', [
        '-D',
        dataDir,
        '-p',
        String(port),
        ...settings.flatMap((s) => ['-c', s]),
      ]),
    accepts: async (port) => {
      const [command, args] = client('pg_isready', port, ['-t', '1']);
      return (await run(command, args, { cwd: os.tmpdir(), timeoutMs: 5_000 })).code === 0;
    },
    createDatabase: async (port) => {
      const [command, args] = client('createdb', port, [FERRETDB_DATABASE]);
      const created = await run(command, args, { cwd: os.tmpdir(), timeoutMs: STEP_TIMEOUT_MS });
      if (created.code !== 0 && !/already exists/.test(created.stderr)) {
        throw new Error(describeRun('createdb', created, STEP_TIMEOUT_MS));
      }
      return `postgres://postgres@127.0.0.1:${port}/${FERRETDB_DATABASE}`;
    },
    stopFast: async () => {
      const stop = install.command('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w']);
      await run(stop.command, stop.args, { cwd: os.tmpdir(), timeoutMs: STEP_TIMEOUT_MS });
    },
  };
}

/** A command as {@link run}'s arguments, from the server user's working directory. */
function spread(spec: { command: string; args: string[] }): Parameters<typeof run> {
  return [spec.command, spec.args, { cwd: os.tmpdir(), timeoutMs: STEP_TIMEOUT_MS }];
}
