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
  const name =
    purpose === 'dev' ? 'scout-dev' : `scout-test-${process.pid}-${randomBytes(3).toString('hex')}`;
  const ports = { mongo: await freePort(), redis: await freePort() };
  const project = composeProject(await findCompose(log), name, {
    ...process.env,
    SCOUT_MONGO_PORT: String(ports.mongo),
    SCOUT_REDIS_PORT: String(ports.redis),
  });
  const downArgs = ['down', '--remove-orphans', ...(purpose === 'test' ? ['-v'] : [])];
  const unregister = onProcessExit(() => project.runSync(downArgs));
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      unregister();
      await project.run(downArgs, 2 * 60_000);
    })());

  try {
    // Leftovers of an aborted dev run would hold the data volume.
    if (purpose === 'dev') await project.run(['down', '--remove-orphans'], 2 * 60_000);
    const services: ComposeServices = { stop };
    if (options.redis) {
      await project.start(['up', '-d', 'redis'], 'redis', () => redisAnswers(ports.redis));
      services.redisUrl = `redis://127.0.0.1:${ports.redis}`;
      log(`redis: docker compose service redis (project ${name}) on 127.0.0.1:${ports.redis}`);
    }
    if (options.mongo) {
      const up = ['run', '-d', '--service-ports', 'mongo', '--bind_ip_all'];
      await project.start(up, 'mongo', () => mongoAnswers(ports.mongo));
      services.mongoUri = `mongodb://127.0.0.1:${ports.mongo}`;
      log(
        `mongo: docker compose service mongo, standalone (project ${name}) on 127.0.0.1:${ports.mongo}`,
      );
    }
    return services;
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/** One compose project: its commands, run with the project's name, file and environment. */
interface ComposeProject {
  run(args: string[], timeoutMs: number): Promise<string>;
  runSync(args: string[]): void;
  /** Runs `upArgs`, then waits until `probe` answers, showing the project's logs if it never does. */
  start(upArgs: string[], service: string, probe: () => Promise<boolean>): Promise<void>;
}

function composeProject(
  [command, ...prefix]: string[],
  project: string,
  env: NodeJS.ProcessEnv,
): ComposeProject {
  const argsOf = (args: string[]): string[] => [
    ...prefix,
    '-p',
    project,
    '-f',
    COMPOSE_FILE,
    ...args,
  ];
  const runCompose = async (args: string[], timeoutMs: number): Promise<string> => {
    const result = await run(command, argsOf(args), { cwd: REPO_ROOT, env, timeoutMs });
    if (result.code !== 0) {
      throw new Error(describeRun(`${command} ${args.join(' ')}`, result, timeoutMs));
    }
    return result.stdout;
  };
  const logs = async (): Promise<string> => {
    const result = await run(command, argsOf(['logs', '--tail', '30']), { env, timeoutMs: 30_000 });
    return lastLines(`${result.stdout}\n${result.stderr}`, 30);
  };
  return {
    run: runCompose,
    runSync: (args) => {
      spawnSync(command, argsOf(args), { env, stdio: 'ignore', timeout: 30_000 });
    },
    start: async (upArgs, service, probe) => {
      await runCompose(upArgs, COMPOSE_UP_TIMEOUT_MS);
      await waitUntilReady({
        label: `${service} (docker compose)`,
        probe,
        timeoutMs: READY_TIMEOUT_MS,
        describe: logs,
      });
    },
  };
}
