import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

import { describeRun, lastLines, onProcessExit, run } from './processes';
import { freePort, mongoAnswers, redisAnswers, waitUntilReady } from './readiness';
import { ensureCommand, REPO_ROOT, which } from './system';

/** The repository's compose file: the full stack, and the mongo/redis services for the Docker path. */
export const COMPOSE_FILE = path.join(REPO_ROOT, 'docker-compose.yml');

/** True when a Docker engine answers (`docker info` exits 0 within 5 s). */
export async function dockerEngineWorks(): Promise<boolean> {
  if (!which('docker')) return false;
  return (await run('docker', ['info'], { timeoutMs: 5_000 })).code === 0;
}

/**
 * The Compose command to use: the `docker compose` plugin if it works, else `docker-compose`
 * (Debian's package is installed when missing and we are root).
 */
export async function findCompose(log: (line: string) => void): Promise<string[]> {
  if (
    which('docker') &&
    (await run('docker', ['compose', 'version'], { timeoutMs: 10_000 })).code === 0
  ) {
    return ['docker', 'compose'];
  }
  return [await ensureCommand('docker-compose', 'docker-compose', log)];
}

/** Servers started by {@link startComposeServices}; URIs are set for the services asked for. */
export interface ComposeServices {
  mongoUri?: string;
  redisUrl?: string;
  stop(): Promise<void>;
}

const COMPOSE_UP_TIMEOUT_MS = 10 * 60_000; // includes pulling images the first time
const READY_TIMEOUT_MS = 30_000;

/**
 * Starts the compose services `mongo` and/or `redis` on random host ports, in a project of their
 * own: per run for tests (removed with volumes on stop), `scout-dev` for dev (volumes kept).
 * Mongo runs as a one-off standalone mongod: the service's replica set advertises `mongo:27017`,
 * which the host cannot resolve.
 */
export async function startComposeServices(options: {
  purpose: 'test' | 'dev';
  mongo: boolean;
  redis: boolean;
  log: (line: string) => void;
}): Promise<ComposeServices> {
  const { purpose, log } = options;
  const [command, ...prefix] = await findCompose(log);
  const project =
    purpose === 'dev' ? 'scout-dev' : `scout-test-${process.pid}-${randomBytes(3).toString('hex')}`;
  const mongoPort = await freePort();
  const redisPort = await freePort();
  const env = {
    ...process.env,
    SCOUT_MONGO_PORT: String(mongoPort),
    SCOUT_REDIS_PORT: String(redisPort),
  };
  const composeArgs = (args: string[]): string[] => [
    ...prefix,
    '-p',
    project,
    '-f',
    COMPOSE_FILE,
    ...args,
  ];
  const compose = async (args: string[], timeoutMs: number): Promise<string> => {
    const result = await run(command, composeArgs(args), { cwd: REPO_ROOT, env, timeoutMs });
    if (result.code !== 0) {
      throw new Error(describeRun(`${command} ${args.join(' ')}`, result, timeoutMs));
    }
    return result.stdout;
  };
  const downArgs = ['down', '--remove-orphans', ...(purpose === 'test' ? ['-v'] : [])];
  const unregister = onProcessExit(() => {
    spawnSync(command, composeArgs(downArgs), { env, stdio: 'ignore', timeout: 30_000 });
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      unregister();
      await compose(downArgs, 2 * 60_000);
    })());

  try {
    // Leftovers of an aborted dev run would hold the data volume.
    if (purpose === 'dev') await compose(['down', '--remove-orphans'], 2 * 60_000);
    const services: ComposeServices = { stop };
    const logs = async (): Promise<string> => {
      const result = await run(command, composeArgs(['logs', '--tail', '30']), {
        env,
        timeoutMs: 30_000,
      });
      return lastLines(`${result.stdout}\n${result.stderr}`, 30);
    };
    if (options.redis) {
      await compose(['up', '-d', 'redis'], COMPOSE_UP_TIMEOUT_MS);
      await waitUntilReady({
        label: 'redis (docker compose)',
        probe: () => redisAnswers(redisPort),
        timeoutMs: READY_TIMEOUT_MS,
        describe: logs,
      });
      services.redisUrl = `redis://127.0.0.1:${redisPort}`;
      log(`redis: docker compose service redis (project ${project}) on 127.0.0.1:${redisPort}`);
    }
    if (options.mongo) {
      await compose(
        ['run', '-d', '--service-ports', 'mongo', '--bind_ip_all'],
        COMPOSE_UP_TIMEOUT_MS,
      );
      await waitUntilReady({
        label: 'mongo (docker compose)',
        probe: () => mongoAnswers(mongoPort),
        timeoutMs: READY_TIMEOUT_MS,
        describe: logs,
      });
      services.mongoUri = `mongodb://127.0.0.1:${mongoPort}`;
      log(
        `mongo: docker compose service mongo, standalone (project ${project}) on 127.0.0.1:${mongoPort}`,
      );
    }
    return services;
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
