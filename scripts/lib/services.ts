import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { dockerEngineWorks, startComposeServices } from './compose';
import { ensureFerretdb, FERRETDB_VERSION } from './ferretdb';
import { ensurePostgres, preparePostgresCluster, serverUserReaches } from './postgres';
import { Child, describeExit, onProcessExit, run } from './processes';
import { freePort, mongoAnswers, redisAnswers, waitUntilReady } from './readiness';
import { ensureCommand, errorMessage, REPO_ROOT, which } from './system';

/** Where the MongoDB-compatible server came from. */
export type MongoKind = 'external' | 'docker' | 'mongod' | 'ferretdb';
/** Where the Redis server came from. */
export type RedisKind = 'external' | 'docker' | 'redis-server';

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

/** Options for {@link provideServices}. */
export interface ProvideServicesOptions {
  /** 'test': throwaway data in a temp dir, removed on stop. 'dev': data kept under <repo>/.data/. */
  purpose: 'test' | 'dev';
  /** Receives one line per decision ("mongo: FerretDB v1.24.2 (sqlite) on 127.0.0.1:40123"). */
  log: (line: string) => void;
}

/**
 * Running Mongo and Redis servers. The URIs carry no database name or number: callers append their
 * own (`${mongoUri}/scout`, `${redisUrl}/0`).
 */
export interface ProvidedServices {
  mongoUri: string;
  redisUrl: string;
  mongoKind: MongoKind;
  redisKind: RedisKind;
  /** Stops what was started and removes throwaway data; safe to call more than once. */
  stop(): Promise<void>;
}

/** Where `npm run up` keeps server data between runs (git-ignored). Tests use a temp dir instead. */
export const DEV_DATA_DIR = path.join(REPO_ROOT, '.data');

const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

interface Started<Kind> {
  uri: string;
  kind: Kind;
  stop?: () => Promise<void>;
}

interface Context {
  purpose: 'test' | 'dev';
  log: (line: string) => void;
  /** A data directory for one server, created on demand. */
  dataDir: (name: string) => string;
}

/**
 * Provides a MongoDB-compatible server and Redis for tests or `npm run up`, chosen separately for
 * each: MONGODB_URI / REDIS_URL as given, else Docker compose when an engine works, else local
 * binaries (mongod or FerretDB; redis-server, installed via apt when missing and root).
 */
export async function provideServices(options: ProvideServicesOptions): Promise<ProvidedServices> {
  const { purpose, log } = options;
  let mongo: Started<MongoKind> | undefined = external('mongo', 'MONGODB_URI', log);
  let redis: Started<RedisKind> | undefined = external('redis', 'REDIS_URL', log);
  const stoppers: Array<() => Promise<void>> = [];
  let tempDir: string | undefined;
  let unregisterTempDir = (): void => undefined;
  const context: Context = {
    purpose,
    log,
    dataDir: (name) => {
      if (purpose === 'dev') return mkdir(path.join(DEV_DATA_DIR, name));
      if (!tempDir) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scout-services-'));
        tempDir = dir;
        unregisterTempDir = onProcessExit(() => removeDir(dir));
      }
      return mkdir(path.join(tempDir, name));
    },
  };
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled(stoppers.map((stop) => stop()));
    if (tempDir) {
      unregisterTempDir();
      removeDir(tempDir);
    }
  };

  try {
    if (!mongo || !redis) {
      if (await dockerEngineWorks()) {
        const docker = await startComposeServices({ purpose, log, mongo: !mongo, redis: !redis });
        stoppers.push(() => docker.stop());
        if (docker.mongoUri) mongo = { uri: docker.mongoUri, kind: 'docker' };
        if (docker.redisUrl) redis = { uri: docker.redisUrl, kind: 'docker' };
      } else {
        const results = await Promise.allSettled([
          mongo ?? startLocalMongo(context),
          redis ?? startLocalRedis(context),
        ]);
        const failures: string[] = [];
        for (const result of results) {
          if (result.status === 'rejected') failures.push(errorMessage(result.reason));
          else if (result.value.stop) stoppers.push(result.value.stop);
        }
        if (failures.length) throw new Error(failures.join('\n\n'));
        const [mongoResult, redisResult] = results;
        if (mongoResult.status === 'fulfilled') mongo = mongoResult.value;
        if (redisResult.status === 'fulfilled') redis = redisResult.value;
      }
    }
    if (!mongo || !redis) throw new Error('internal error: a service was not provided');
  } catch (error) {
    await stopAll();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    mongoUri: mongo.uri,
    redisUrl: redis.uri,
    mongoKind: mongo.kind,
    redisKind: redis.kind,
    stop: () => (stopping ??= stopAll()),
  };
}

/** MONGODB_URI / REDIS_URL from the environment, used as the base URI as given. */
function external(
  service: 'mongo' | 'redis',
  variable: string,
  log: (line: string) => void,
): Started<'external'> | undefined {
  const value = process.env[variable]?.trim();
  if (!value) return undefined;
  const uri = value.replace(/\/+$/, '');
  log(
    `${service}: ${variable} from the environment (${uri.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')})`,
  );
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*[/?#]/i.test(uri)) {
    log(
      `${service}: note: ${variable} has a path or query, but callers append /<database> to it; ` +
        'give only the server, e.g. mongodb://127.0.0.1:27017 or redis://127.0.0.1:6379',
    );
  }
  return { uri, kind: 'external' };
}

function mkdir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
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

async function startLocalMongo(context: Context): Promise<Started<'mongod' | 'ferretdb'>> {
  const mongod = which('mongod');
  if (mongod) {
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

async function startLocalRedis(context: Context): Promise<Started<'redis-server'>> {
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
