import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IndexSync } from '@scout/database';
import { createRootLogger } from '@scout/observability';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { AppConfig, loadConfig } from '@scout/config';
import { createWorkerApp } from '../../apps/worker/src/bootstrap';
import { testEnv } from './test-env';
import { TestRoutesModule } from './test-routes.module';

/** An in-process api with the test routes, plus the log lines it wrote. */
export interface ApiHarness {
  app: NestFastifyApplication;
  config: AppConfig;
  /** The environment the app was configured from; give it to a worker to share everything. */
  env: Record<string, string>;
  logs: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * Boots the real api pipeline in this process against the throwaway services, for tests
 * that drive it with `app.inject()` (no port, no network flakiness).
 */
export async function startApiHarness(
  overrides: Record<string, string> = {},
  options: { syncIndexes?: boolean } = {},
): Promise<ApiHarness> {
  const env = testEnv(overrides);
  const config = new AppConfig(loadConfig({ env }));
  const { logs, sink } = logSink();
  const app = await createApiApp(config, createRootLogger(config, sink), [TestRoutesModule]);
  await app.init();
  app.flushLogs();
  // The same step as `npm run db:indexes`; by default skipped when a test points MongoDB
  // somewhere of its own (often at nothing).
  if (options.syncIndexes ?? !overrides.MONGODB_URI) await app.get(IndexSync).sync();
  await app.getHttpAdapter().getInstance().ready();
  return { app, config, env, logs, close: () => app.close() };
}

function logSink(): { logs: Array<Record<string, unknown>>; sink: Writable } {
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  return { logs, sink };
}

/** An in-process worker (queue consumers and probes), configured from an api harness's env. */
export async function startWorkerHarness(env: Record<string, string>): Promise<{
  app: NestFastifyApplication;
  logs: Array<Record<string, unknown>>;
  close(): Promise<void>;
}> {
  const config = new AppConfig(loadConfig({ env }));
  const { logs, sink } = logSink();
  const app = await createWorkerApp(config, createRootLogger(config, sink));
  await app.init();
  app.flushLogs();
  return { app, logs, close: () => app.close() };
}
