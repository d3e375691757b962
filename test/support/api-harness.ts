import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@scout/config';
import { IndexSync } from '@scout/database';
import { createRootLogger } from '@scout/observability';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { testConfig } from './test-env';
import { TestRoutesModule } from './test-routes.module';

/** An in-process api with the test routes, plus the log lines it wrote. */
export interface ApiHarness {
  app: NestFastifyApplication;
  config: AppConfig;
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
  const config = testConfig(overrides);
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  const app = await createApiApp(config, createRootLogger(config, sink), [TestRoutesModule]);
  await app.init();
  app.flushLogs();
  // The same step as `npm run db:indexes`; by default skipped when a test points MongoDB
  // somewhere of its own (often at nothing).
  if (options.syncIndexes ?? !overrides.MONGODB_URI) await app.get(IndexSync).sync();
  await app.getHttpAdapter().getInstance().ready();
  return { app, config, logs, close: () => app.close() };
}
