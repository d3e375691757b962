import { Writable } from 'node:stream';
import type { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { InjectOptions, Response as LightResponse } from 'light-my-request';
import { ApiKeysService } from '@scout/auth';
import { DomainError, ErrorCode } from '@scout/common';
import { IndexSync } from '@scout/database';
import { createRootLogger } from '@scout/observability';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { AppConfig, loadConfig } from '@scout/config';
import { createWorkerApp } from '../../apps/worker/src/bootstrap';
import { onTestMongo, testEnv } from './test-env';
import { TestRoutesModule } from './test-routes.module';

/** An in-process api with the test routes, plus the log lines it wrote. */
export interface ApiHarness {
  app: NestFastifyApplication;
  config: AppConfig;
  /** The environment the app was configured from; give it to a worker to share everything. */
  env: Record<string, string>;
  logs: Array<Record<string, unknown>>;
  /**
   * An `admin` key the harness created, which `app.inject` sends unless the request carries
   * `Authorization` or `X-API-Key` itself. Undefined when the test points MONGODB_URI away from
   * the run's MongoDB without syncing indexes (outage tests).
   */
  apiKey: string | undefined;
  /** `app.inject` as it was: the request goes out without the harness's key. */
  injectAnonymous(options: InjectOptions | string): Promise<LightResponse>;
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
  try {
    await app.init();
    app.flushLogs();
    // The same step as `npm run db:indexes`; by default skipped when a test points MongoDB
    // somewhere of its own (often at nothing).
    const syncIndexes = options.syncIndexes ?? !overrides.MONGODB_URI;
    if (syncIndexes) await app.get(IndexSync).sync();
    await app.getHttpAdapter().getInstance().ready();
    // No key where MongoDB may be unreachable on purpose (outage tests call public routes only).
    const mongoReachable = syncIndexes || onTestMongo(config.mongo.uri);
    const apiKey = mongoReachable ? await createAdminKey(app) : undefined;
    const injectAnonymous = withDefaultKey(app, apiKey);
    return { app, config, env, logs, apiKey, injectAnonymous, close: () => app.close() };
  } catch (error) {
    // A half-started app would keep jest alive with its connections.
    await app.close().catch(() => undefined);
    throw error;
  }
}

/**
 * An admin key for the harness's own requests, so suites written before authentication keep
 * calling `/v1` routes unchanged.
 */
async function createAdminKey(app: NestFastifyApplication): Promise<string> {
  const created = await whileDependencyReopens(() =>
    app.get(ApiKeysService).create({ name: 'test harness', scopes: ['admin'] }),
  );
  return created.key;
}

/**
 * Runs `work` again while it is refused with 503 DEPENDENCY_UNAVAILABLE, for up to 20 s. On a
 * loaded machine one slow readiness probe or a burst of slow queries can close the dependency
 * gate during an app's start; the gate reopens on its next successful probe, as in production,
 * and the suite should start then rather than fail for a dependency that is up.
 */
async function whileDependencyReopens<T>(work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      const closed = error instanceof DomainError && error.code === ErrorCode.DependencyUnavailable;
      if (!closed || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/**
 * Makes `app.inject` on this one app add `Authorization: Bearer <key>` unless the request names
 * a credential header itself (any casing), and returns the unchanged inject. Nest's app is a
 * proxy that forwards `inject` to its Fastify adapter, so the adapter's method is the one
 * replaced. The pipeline itself is untouched: no hook, no test-only setting.
 */
function withDefaultKey(
  app: NestFastifyApplication,
  apiKey: string | undefined,
): (options: InjectOptions | string) => Promise<LightResponse> {
  const adapter = app.getHttpAdapter() as unknown as FastifyAdapter;
  const original = adapter.inject.bind(adapter) as (
    options: InjectOptions | string,
  ) => Promise<LightResponse>;
  if (apiKey === undefined) return original;
  const inject = (options?: InjectOptions | string) => {
    if (options === undefined) return adapter.getInstance().inject();
    const request: InjectOptions = typeof options === 'string' ? { url: options } : options;
    const headers = (request.headers ?? {}) as Record<string, unknown>;
    const named = Object.keys(headers).some((name) =>
      ['authorization', 'x-api-key'].includes(name.toLowerCase()),
    );
    if (named) return original(request);
    return original({ ...request, headers: { ...headers, authorization: `Bearer ${apiKey}` } });
  };
  adapter.inject = inject as typeof adapter.inject;
  return original;
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
