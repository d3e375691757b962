// Scout as the parts that scrape run it: on a database of its own, index sync and an admin key,
// the built api, the fake site's companies, any number of built workers and a reader of their
// queue, all sharing one environment, and stopped together (workers first).
import { Queue } from 'bullmq';

import {
  type ApiTarget,
  prepareDatabase,
  type Server,
  startApi,
  startWorker,
  stopServer,
} from '../servers';
import { track } from './resources';
import { createCompanies, redisConnection } from './scrape-queue';

/** The highest SCRAPER_RATE_PER_MINUTE the config accepts: far above what 2 cores can fetch. */
const RATE_PER_MINUTE = 100_000;

/**
 * The settings of a stack that scrapes the fake site: the site as the source, a per-host rate
 * far above what the run reaches, a queue prefix of its own and the worker concurrency.
 */
export function scrapeEnv(
  site: { url: string },
  queuePrefix: string,
  concurrency: number,
): Record<string, string> & { QUEUE_PREFIX: string } {
  return {
    SCRAPER_BASE_URL: site.url,
    SCRAPER_RATE_PER_MINUTE: String(RATE_PER_MINUTE),
    QUEUE_PREFIX: queuePrefix,
    WORKER_CONCURRENCY: String(concurrency),
  };
}

/** What {@link startScoutStack} starts. */
export interface StackOptions {
  /** Process names: `api-<name>`, `worker-<name>` (`-<n>` after the first worker). */
  name: string;
  target: ApiTarget;
  /** The api's and every worker's settings on top of the bench's; QUEUE_PREFIX is required. */
  env: Record<string, string> & { QUEUE_PREFIX: string };
  /** Workers started with the api; {@link ScoutStack.addWorker} starts more later. */
  workers?: number;
  /** Node options of the workers (e.g. `--cpu-prof`). */
  workerArgs?: string[];
  /** The workers' database URI when it differs from the api's (a counting relay in front). */
  workerMongoUri?: string;
  /** Creates the fake site's companies before any worker starts (default true). */
  companies?: boolean;
}

/** A running api, its workers and a reader of their queue. */
export interface ScoutStack {
  api: Server;
  apiKey: string;
  workers: Server[];
  queue: Queue;
  /** Starts one more worker with the stack's settings. */
  addWorker(): Promise<Server>;
  /** Stops the workers, then the api, then closes the queue reader; safe to call twice. */
  stop(): Promise<void>;
}

/** Starts Scout on `options.target` (see {@link StackOptions}). */
export async function startScoutStack(options: StackOptions): Promise<ScoutStack> {
  const { target, env, name } = options;
  const { apiKey } = await prepareDatabase(target);
  const api = await startApi(`api-${name}`, target, apiKey, env);
  const stopApi = track(() => stopServer(api));
  const workers: Server[] = [];
  const stopWorkers: Array<() => Promise<void>> = [];
  const workerTarget = { ...target, mongoUri: options.workerMongoUri ?? target.mongoUri };
  const addWorker = async (): Promise<Server> => {
    const suffix = workers.length === 0 ? '' : `-${workers.length + 1}`;
    const worker = await startWorker(
      `worker-${name}${suffix}`,
      workerTarget,
      env,
      options.workerArgs,
    );
    workers.push(worker);
    stopWorkers.push(track(() => stopServer(worker)));
    return worker;
  };
  if (options.companies ?? true) await createCompanies(api);
  for (let i = 0; i < (options.workers ?? 0); i++) await addWorker();
  const queue = new Queue('scrape', {
    connection: redisConnection(target.redisUrl),
    prefix: env.QUEUE_PREFIX,
  });
  const closeQueue = track(() => queue.close());
  return {
    api,
    apiKey,
    workers,
    queue,
    addWorker,
    stop: async () => {
      await Promise.all(stopWorkers.map((stop) => stop()));
      await stopApi();
      await closeQueue();
    },
  };
}
