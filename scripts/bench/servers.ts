// The processes the benchmark measures: the built api (with and without the cache), the built
// worker and the bare Fastify baseline, each a child process on a free loopback port, stopped by
// the caller; plus the one-off steps before an api starts (index sync, an admin API key).
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { Child, describeRun, run } from '../lib/processes';
import { freePort } from '../lib/readiness';
import { errorMessage, REPO_ROOT } from '../lib/system';

const READY_TIMEOUT_MS = 60_000;
const INDEX_SYNC_TIMEOUT_MS = 120_000;
const CLI_TIMEOUT_MS = 60_000;
/** Longer than the api's SHUTDOWN_TIMEOUT_MS default, so it can finish its own shutdown. */
const STOP_GRACE_MS = 12_000;

const API_ENTRY = path.join(REPO_ROOT, 'dist/apps/api/src/main.js');
const INDEX_ENTRY = path.join(REPO_ROOT, 'dist/apps/api/src/db-indexes.js');
const CLI_ENTRY = path.join(REPO_ROOT, 'dist/apps/api/src/cli.js');
const WORKER_ENTRY = path.join(REPO_ROOT, 'dist/apps/worker/src/main.js');
/** The shape of a key as `api-keys create` prints it (`sk_<8 base62>_<32 base62>`). */
const API_KEY_SHAPE = /^sk_[0-9A-Za-z]{8}_[0-9A-Za-z]{32}$/;
const BASELINE_ENTRY = path.join(REPO_ROOT, 'scripts/bench/baseline-server.ts');
const PROXY_ENTRY = path.join(REPO_ROOT, 'scripts/bench/proxy-server.ts');

/** A server under test: its child process, the loopback base URL and the key its routes need. */
export interface Server {
  name: string;
  url: string;
  child: Child;
  /** The admin key of the api's database, sent on every `/v1` request; unset for the others. */
  apiKey?: string;
}

const started: Server[] = [];

/** Stops every server this module started (SIGTERM, then SIGKILL after a grace period). */
export async function stopServers(): Promise<void> {
  await Promise.allSettled(started.map((server) => server.child.stop(STOP_GRACE_MS)));
}

/** Stops one server and forgets it (the write scenarios start one per database). */
export async function stopServer(server: Server): Promise<void> {
  await server.child.stop(STOP_GRACE_MS);
  const index = started.indexOf(server);
  if (index >= 0) started.splice(index, 1);
}

/** Servers that exited on their own, with their last output, for failure messages. */
export function exitedServers(): string[] {
  return started
    .filter((server) => server.child.exitInfo)
    .map((server) => `${server.name} had exited. Last output:\n${server.child.tail()}`);
}

/** Where the api's data lives and the secrets it runs with; both read apis share one. */
export interface ApiTarget {
  mongoUri: string;
  redisUrl: string;
  cursorSecret: string;
  /** HMAC key of stored API key hashes: the CLI that creates a key and the api must agree. */
  apiKeySecret: string;
  /** HMAC key of the suppression list (required in production). */
  suppressionSecret: string;
  /** FerretDB's PostgreSQL, when the bench started it: the index sync's equality indexes. */
  ferretdbPostgresqlUrl?: string;
}

/**
 * The api's environment as production would have it (NODE_ENV=production: JSON logs, no
 * auto-indexing), built from scratch rather than inherited so a developer's own CACHE_* or
 * LOG_* variables cannot skew the figures.
 */
export function apiEnv(target: ApiTarget, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    MONGODB_URI: target.mongoUri,
    REDIS_URL: target.redisUrl,
    HOST: '127.0.0.1',
    CURSOR_SECRET: target.cursorSecret,
    API_KEY_SECRET: target.apiKeySecret,
    // Seals webhook signing secrets; the bench's own, derived per run like the others.
    WEBHOOK_SECRET_KEY: `bench-webhook-key-${target.apiKeySecret}`,
    PRIVACY_SUPPRESSION_SECRET: target.suppressionSecret,
    FERRETDB_POSTGRESQL_URL: target.ferretdbPostgresqlUrl ?? '',
    LOG_LEVEL: 'warn',
    SHUTDOWN_DRAIN_DELAY_MS: '0',
    CACHE_WARM_COUNT: '0',
    MONGODB_AUTO_INDEX: 'false',
    // Dependency deadlines just under the request timeout: the deadline hooks still run on every
    // operation (their cost is in the figures), but FerretDB's whole-collection scans under 50
    // connections outlast production's 5 s read deadline on a busy machine, and the bench measures
    // throughput, not outages (test/integration/dependency-outages.spec.ts does).
    MONGODB_READ_TIMEOUT_MS: '25000',
    MONGODB_WRITE_TIMEOUT_MS: '29000',
    // Required in production; the read and write scenarios trigger no scrape, and port 9
    // (discard) on loopback guarantees nothing could be fetched from elsewhere if one ran. The
    // scraping part passes the fake site's origin instead.
    SCRAPER_BASE_URL: 'http://127.0.0.1:9',
    // The fake site (and port 9) are on loopback, which production refuses by default.
    SCRAPER_ALLOW_PRIVATE_ADDRESSES: 'true',
    // Metrics stay on as in production, on loopback; startApi gives each api a free port (the
    // default 9464 would collide between the two read apis). 0 here is for the one-off tools.
    METRICS_HOST: '127.0.0.1',
    METRICS_PORT: '0',
    // Rate limits stay on, so every figure includes their Redis round trip, but high enough
    // that no load scenario (one key, 50 connections) ever meets them.
    RATE_LIMIT_READS: '1000000000',
    RATE_LIMIT_WRITES: '1000000000',
    RATE_LIMIT_SCRAPE: '1000000000',
    RATE_LIMIT_ANONYMOUS: '1000000000',
    // 100-item list pages are costly requests: the gate stays on, at its highest bound.
    RATE_LIMIT_COSTLY_CONCURRENCY: '1000',
    ...extra,
  };
}

/** How much longer than a request's deadline its socket may stay silent before the api closes it. */
const CONNECTION_SLACK_MS = 30_000;

/**
 * A request deadline for an api of the bench, with the connection timeout the config demands
 * alongside it: longer than the deadline (or the answer loses its socket before its 503), and
 * none at all when requests have no deadline (`0`), so a minutes-long batch keeps its socket.
 */
export function requestTimeoutEnv(ms: number): Record<string, string> {
  return {
    REQUEST_TIMEOUT_MS: String(ms),
    HTTP_CONNECTION_TIMEOUT_MS: String(ms === 0 ? 0 : ms + CONNECTION_SLACK_MS),
  };
}

/** Runs the built index sync once: production has autoIndex off, so without it lists scan. */
export async function syncIndexes(target: ApiTarget): Promise<string> {
  const result = await run(process.execPath, [INDEX_ENTRY], {
    cwd: REPO_ROOT,
    env: apiEnv(target),
    timeoutMs: INDEX_SYNC_TIMEOUT_MS,
  });
  if (result.code !== 0) {
    throw new Error(describeRun('index sync', result, INDEX_SYNC_TIMEOUT_MS));
  }
  return result.stdout.trim();
}

/**
 * Creates an admin API key in the target's database with the built CLI
 * (`node dist/apps/api/src/cli.js api-keys create --name bench --scopes admin --json`) and
 * returns the key, which the CLI prints once.
 */
export async function createAdminKey(target: ApiTarget): Promise<string> {
  if (!fs.existsSync(CLI_ENTRY)) {
    throw new Error(`${path.relative(REPO_ROOT, CLI_ENTRY)} is missing: the build has no key CLI`);
  }
  const args = ['api-keys', 'create', '--name', 'bench', '--scopes', 'admin', '--json'];
  const result = await run(process.execPath, [CLI_ENTRY, ...args], {
    cwd: REPO_ROOT,
    env: apiEnv(target),
    timeoutMs: CLI_TIMEOUT_MS,
  });
  if (result.code !== 0) throw new Error(describeRun('api-keys create', result, CLI_TIMEOUT_MS));
  let key: unknown;
  try {
    key = (JSON.parse(result.stdout) as { key?: unknown }).key;
  } catch {
    key = undefined;
  }
  if (typeof key !== 'string' || !API_KEY_SHAPE.test(key)) {
    throw new Error(`api-keys create printed no key (stdout: ${result.stdout.slice(0, 200)})`);
  }
  return key;
}

/** What a database needs before an api serves it: indexes (autoIndex is off) and a key. */
export async function prepareDatabase(
  target: ApiTarget,
): Promise<{ apiKey: string; indexes: string }> {
  const indexes = await syncIndexes(target);
  return { apiKey: await createAdminKey(target), indexes };
}

/**
 * Starts the built api (`dist/apps/api/src/main.js`) and waits for `/health/ready` 200, so load
 * never hits a process that is still connecting to MongoDB or Redis. `apiKey` is the admin key
 * of the target's database (see {@link prepareDatabase}); callers send it on `/v1` requests.
 */
export async function startApi(
  name: string,
  target: ApiTarget,
  apiKey: string,
  extra: Record<string, string> = {},
): Promise<Server> {
  const [port, metricsPort] = await Promise.all([freePort(), freePort()]);
  const child = new Child({
    name,
    command: process.execPath,
    args: [API_ENTRY],
    cwd: REPO_ROOT,
    // `extra` may switch the management listener off (METRICS_PORT=0); PORT is always ours.
    env: apiEnv(target, { METRICS_PORT: String(metricsPort), ...extra, PORT: String(port) }),
    // Own process group: a terminal Ctrl-C reaches only the bench, which stops children in order.
    detached: true,
  });
  const server: Server = { name, url: `http://127.0.0.1:${port}`, child, apiKey };
  started.push(server);
  await waitForStatus(server, '/health/ready');
  return server;
}

/**
 * Starts the built worker (`dist/apps/worker/src/main.js`) with the api's environment plus
 * `extra` and a free `WORKER_PORT`, and waits for its `/health/ready`. `nodeArgs` go before the
 * entry (e.g. `--cpu-prof`). The returned URL is its management listener (probes, metrics).
 */
export async function startWorker(
  name: string,
  target: ApiTarget,
  extra: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<Server> {
  const port = await freePort();
  const child = new Child({
    name,
    command: process.execPath,
    args: [...nodeArgs, WORKER_ENTRY],
    cwd: REPO_ROOT,
    env: apiEnv(target, { ...extra, WORKER_PORT: String(port), WORKER_HOST: '127.0.0.1' }),
    detached: true,
  });
  const server: Server = { name, url: `http://127.0.0.1:${port}`, child };
  started.push(server);
  await waitForStatus(server, '/health/ready');
  return server;
}

/** Starts the bare Fastify baseline serving the JSON in `bodyFile` on `GET /profile`. */
export async function startBaseline(bodyFile: string): Promise<Server> {
  const port = await freePort();
  const child = new Child({
    name: 'baseline',
    command: process.execPath,
    args: ['--import', 'tsx', BASELINE_ENTRY],
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      PORT: String(port),
      BENCH_BODY_FILE: bodyFile,
    },
    detached: true,
  });
  const server = { name: 'baseline', url: `http://127.0.0.1:${port}`, child };
  started.push(server);
  await waitForStatus(server, '/profile');
  return server;
}

/**
 * Starts the round-robin proxy (scripts/bench/proxy-server.ts, upstream keep-alive) in front of
 * `backends` and waits until it says every backend is ready.
 */
export async function startProxy(name: string, backends: Server[]): Promise<Server> {
  const port = await freePort();
  let ready: () => void = () => undefined;
  const said = new Promise<void>((resolve) => (ready = resolve));
  const child = new Child({
    name,
    command: process.execPath,
    args: ['--import', 'tsx', PROXY_ENTRY],
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      PORT: String(port),
      BENCH_BACKENDS: backends.map((backend) => backend.url).join(','),
    },
    detached: true,
    onLine: (line) => {
      if (line.startsWith('proxy ready')) ready();
    },
  });
  const server = { name, url: `http://127.0.0.1:${port}`, child };
  started.push(server);
  const timeout = delay(READY_TIMEOUT_MS, 'timeout' as const, { ref: false });
  const outcome = await Promise.race([said.then(() => 'ready' as const), child.exited, timeout]);
  if (outcome !== 'ready') {
    throw new Error(`${name} did not get ready. Last output:\n${child.tail()}`);
  }
  return server;
}

/** Polls `path` until it answers 200; fails at once if the child exits, else after a minute. */
async function waitForStatus(server: Server, urlPath: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last: string;
  for (;;) {
    const exit = server.child.exitInfo;
    if (exit) {
      throw new Error(
        `${server.name} exited during start-up. Last output:\n${server.child.tail()}`,
      );
    }
    try {
      const response = await fetch(server.url + urlPath, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      last = `HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`;
    } catch (error) {
      last = errorMessage(error);
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `${server.name} was not ready within ${READY_TIMEOUT_MS / 1000} s (${urlPath}: ${last}). ` +
          `Last output:\n${server.child.tail()}`,
      );
    }
    await Promise.race([delay(250), server.child.exited]);
  }
}
