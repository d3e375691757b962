import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { dockerEngineWorks, startComposeServices } from './compose';
import {
  type Context,
  DEV_DATA_DIR,
  mkdir,
  type Started,
  startLocalMongo,
  startLocalRedis,
} from './local-servers';
import { onProcessExit } from './processes';
import { errorMessage } from './system';

/** Where the MongoDB-compatible server came from. */
export type MongoKind = 'external' | 'docker' | 'mongod' | 'ferretdb';
/** Where the Redis server came from. */
export type RedisKind = 'external' | 'docker' | 'redis-server';

export { DEV_DATA_DIR };

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
  /**
   * FerretDB's PostgreSQL database when this started FerretDB on its postgresql backend, for
   * `FERRETDB_POSTGRESQL_URL` (the index sync's equality indexes); otherwise undefined.
   */
  ferretdbPostgresqlUrl?: string;
  /** Stops what was started and removes throwaway data; safe to call more than once. */
  stop(): Promise<void>;
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
    ferretdbPostgresqlUrl: mongo.postgresUrl,
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

function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
