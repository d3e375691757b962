import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ensureFerretdb, FERRETDB_VERSION } from './ferretdb';
import { ensurePostgres, preparePostgresCluster, serverUserReaches } from './postgres';
import { Child, describeExit, run } from './processes';
import { freePort, mongoAnswers, redisAnswers, waitUntilReady } from './readiness';
import { ensureCommand, REPO_ROOT, which } from './system';

/** FerretDB's storage when it is the local MongoDB-compatible server. */
export type FerretdbBackend = 'postgresql' | 'sqlite';
/** Chooses the FerretDB backend; see docs/local-services.md for why the default is what it is. */
export const FERRETDB_BACKEND_VARIABLE = 'SCOUT_FERRETDB_BACKEND';
export const DEFAULT_FERRETDB_BACKEND: FerretdbBackend = 'postgresql';

/** The backend SCOUT_FERRETDB_BACKEND asks for, or the default; anything else is an error. */
export function ferretdbBackend(): FerretdbBackend {
  const value = process.env[FERRETDB_BACKEND_VARIABLE]?.trim().toLowerCase();
  if (!value) return DEFAULT_FERRETDB_BACKEND;
  if (value === 'postgresql' || value === 'sqlite') return value;
  throw new Error(`${FERRETDB_BACKEND_VARIABLE} must be postgresql or sqlite, not '${value}'`);
}

/** Where `npm run up` keeps server data between runs (git-ignored). Tests use a temp dir instead. */
export const DEV_DATA_DIR = path.join(REPO_ROOT, '.data');

/** Creates `dir` (and its parents) when missing; returns it. */
export function mkdir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

/** A server this module started: its base URI and how to stop it. */
export interface Started<Kind> {
  uri: string;
  kind: Kind;
  stop?: () => Promise<void>;
  /** FerretDB's PostgreSQL database, on its postgresql backend (for the index sync). */
  postgresUrl?: string;
}

/** What a server start needs from the caller: purpose, a log and where data goes. */
export interface Context {
  purpose: 'test' | 'dev';
  log: (line: string) => void;
  /** A data directory for one server, created on demand. */
  dataDir: (name: string) => string;
}

function where(context: Context, dir: string): string {
  return context.purpose === 'dev' ? `, data in ${path.relative(REPO_ROOT, dir)}/` : '';
}

async function versionOf(binary: string, pattern: RegExp): Promise<string> {
  const result = await run(binary, ['--version'], { timeoutMs: 10_000 });
  return pattern.exec(result.stdout)?.[1] ?? 'unknown version';
}

/**
 * Starts a server on a free port and waits until it answers. Retries with a new port when another
 * process took the port between our check and the server's bind.
 */
async function startOnFreePort(
  name: string,
  spawnArgs: (port: number) => { command: string; args: string[] },
  probe: (port: number) => Promise<boolean>,
): Promise<{ child: Child; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = new Child({
      name,
      ...spawnArgs(port),
      cwd: os.tmpdir(),
      detached: true,
      background: true,
    });
    try {
      await waitUntilReady({
        label: `${name} on 127.0.0.1:${port}`,
        probe: () => probe(port),
        timeoutMs: READY_TIMEOUT_MS,
        child,
      });
      return { child, port };
    } catch (error) {
      await child.stop(STOP_GRACE_MS);
      if (attempt < 3 && /address already in use/i.test(child.tail(200))) continue;
      throw error;
    }
  }
}

/**
 * Stops the child and says so if it died on its own first (e.g. while `npm run up` runs).
 * `shutdown` asks the server to stop its own way first (the child is signalled after it).
 */
function watch(
  child: Child,
  label: string,
  log: (line: string) => void,
  shutdown?: () => Promise<void>,
): () => Promise<void> {
  let stopping = false;
  void child.exited.then((exit) => {
    if (!stopping) {
      log(`${label} exited unexpectedly (${describeExit(exit)}). Last output:\n${child.tail(10)}`);
    }
  });
  return async () => {
    stopping = true;
    await shutdown?.().catch(() => undefined);
    await child.stop(STOP_GRACE_MS);
  };
}

/** mongod when installed, else FerretDB (on PostgreSQL or SQLite, as configured). */
export async function startLocalMongo(context: Context): Promise<Started<'mongod' | 'ferretdb'>> {
  const mongod = which('mongod');
  return mongod ? startMongod(context, mongod) : startFerretdb(context);
}

async function startMongod(context: Context, mongod: string): Promise<Started<'mongod'>> {
  const version = await versionOf(mongod, /db version v(\S+)/);
  const dbPath = context.dataDir('mongo');
  const { child, port } = await startOnFreePort(
    'mongod',
    (port) => ({
      command: mongod,
      args: [
        '--bind_ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--dbpath',
        dbPath,
        '--nounixsocket',
      ],
    }),
    mongoAnswers,
  );
  context.log(
    `mongo: mongod ${version} (standalone) on 127.0.0.1:${port}${where(context, dbPath)}`,
  );
  return {
    uri: `mongodb://127.0.0.1:${port}`,
    kind: 'mongod',
    stop: watch(child, 'mongod', context.log),
  };
}

async function startFerretdb(context: Context): Promise<Started<'ferretdb'>> {
  const backend = ferretdbBackend();
  const [built, database] = await Promise.allSettled([
    ensureFerretdb(context.log),
    backend === 'postgresql' ? startPostgres(context) : undefined,
  ]);
  const postgres = database.status === 'fulfilled' ? database.value : undefined;
  if (built.status === 'rejected') {
    await postgres?.stop();
    throw built.reason;
  }
  if (database.status === 'rejected') throw database.reason;
  const ferretdb = built.value;
  const base = context.dataDir('ferretdb');
  const stateDir = mkdir(path.join(base, 'state'));
  const storage = postgres
    ? [`--handler=postgresql`, `--postgresql-url=${postgres.url}`]
    : [`--handler=sqlite`, `--sqlite-url=file:${mkdir(path.join(base, 'sqlite'))}/`];
  let started: { child: Child; port: number };
  try {
    started = await startOnFreePort(
      'FerretDB',
      (port) => ({
        command: ferretdb,
        args: [
          ...storage,
          `--listen-addr=127.0.0.1:${port}`,
          `--state-dir=${stateDir}`,
          '--debug-addr=-',
          '--telemetry=disable',
          '--log-level=warn',
        ],
      }),
      mongoAnswers,
    );
  } catch (error) {
    await postgres?.stop();
    throw error;
  }
  const { child, port } = started;
  context.log(
    `mongo: FerretDB ${FERRETDB_VERSION} (${backend}${postgres ? `, ${postgres.description}` : ''}) ` +
      `on 127.0.0.1:${port}${where(context, base)}`,
  );
  const stopFerretdb = watch(child, 'FerretDB', context.log);
  return {
    uri: `mongodb://127.0.0.1:${port}`,
    kind: 'ferretdb',
    postgresUrl: postgres?.url,
    // FerretDB first: the database server outlives its only client.
    stop: async () => {
      await stopFerretdb();
      await postgres?.stop();
    },
  };
}

/**
 * A PostgreSQL server for FerretDB's postgresql backend: a cluster of its own (initdb on first
 * use), on a free port of 127.0.0.1, with FerretDB's database created.
 */
async function startPostgres(
  context: Context,
): Promise<{ url: string; description: string; stop: () => Promise<void> }> {
  const install = await ensurePostgres(context.log);
  let dataDir = context.dataDir('postgres');
  if (context.purpose === 'dev' && !(await serverUserReaches(install, dataDir))) {
    // A clone in root's private home: keep this clone's cluster where the server user can go.
    const clone = createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 12);
    const shared = path.join('/var/tmp', `scout-dev-${clone}`);
    fs.mkdirSync(shared, { recursive: true, mode: 0o755 });
    dataDir = mkdir(path.join(shared, 'postgres'));
    context.log(
      `mongo: the postgres user cannot reach ${DEV_DATA_DIR}; PostgreSQL keeps its data in ${dataDir}`,
    );
  }
  const cluster = await preparePostgresCluster(install, dataDir, context.purpose === 'test');
  const { child, port } = await startOnFreePort(
    'postgres',
    (port) => cluster.serverCommand(port),
    cluster.accepts,
  );
  const stop = watch(child, 'postgres', context.log, cluster.stopFast);
  try {
    const url = await cluster.createDatabase(port);
    return {
      url,
      description: `PostgreSQL ${install.version} on 127.0.0.1:${port}${where(context, dataDir)}`,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Debian's redis-server (installed when missing and permitted); persistence only for `up`. */
export async function startLocalRedis(context: Context): Promise<Started<'redis-server'>> {
  const redisServer = await ensureCommand(
    'redis-server',
    'redis-server',
    context.log,
    'or set REDIS_URL to a running Redis',
  );
  const version = await versionOf(redisServer, /v=(\S+)/);
  const dir = context.dataDir('redis');
  const persistence = context.purpose === 'dev' ? 'yes' : 'no';
  const { child, port } = await startOnFreePort(
    'redis-server',
    (port) => ({
      command: redisServer,
      args: [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        persistence,
        '--dir',
        dir,
      ],
    }),
    redisAnswers,
  );
  context.log(`redis: redis-server ${version} on 127.0.0.1:${port}${where(context, dir)}`);
  return {
    uri: `redis://127.0.0.1:${port}`,
    kind: 'redis-server',
    stop: watch(child, 'redis-server', context.log),
  };
}
