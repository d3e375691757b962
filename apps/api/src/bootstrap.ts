import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Type } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import { ApiKeysService, requireScopeForPath } from '@scout/auth';
import { configureHttpHardening, configureHttpPipeline, createFastifyAdapter } from '@scout/common';
import { AppConfig, loadConfigOrExit } from '@scout/config';
import { translateMongoError, translateRedisError } from '@scout/database';
import { ConfigFlagReloader } from '@scout/flags';
import { enableGracefulShutdown } from '@scout/health';
import {
  createRootLogger,
  flushTelemetry,
  reportRequestError,
  RequestLogController,
} from '@scout/observability';
import { RequestGate } from '@scout/rate-limit';
import { ApiModule } from './api.module';
import { ApiMetrics } from './metrics/api-metrics';
import { setupOpenApi } from './openapi';

/**
 * Builds the api application without listening, so e2e tests run exactly the pipeline that
 * production runs.
 */
export async function createApiApp(
  config: AppConfig,
  logger: PinoLogger,
  extraModules: Type[] = [],
): Promise<NestFastifyApplication> {
  const requestLog = new RequestLogController(config.http.slowRequestMs);
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.forRoot(config, logger, extraModules),
    createFastifyAdapter({
      logger,
      logController: requestLog,
      bodyLimitBytes: config.http.bodyLimitBytes,
      trustProxy: config.http.trustProxy,
      timeouts: config.http,
    }),
    { bufferLogs: true, bodyParser: false },
  );
  app.useLogger(app.get(Logger));
  app.get(ApiMetrics).instrument(requestLog);
  await configureHttpHardening(app, {
    corsOrigins: config.http.corsOrigins,
    requestTimeoutMs: config.http.requestTimeoutMs,
    compressionEnabled: config.http.compressionEnabled,
    compressionThresholdBytes: config.http.compressionThresholdBytes,
    problemTypeBase: config.http.problemTypeBase,
    docsPrefix: '/docs',
  });
  // Authentication and budgets before the body is read; after the hardening hooks (headers,
  // CORS preflights, request deadline), before the pipeline's (405) so every refusal is counted.
  app.get(RequestGate).install(app.getHttpAdapter().getInstance(), {
    bodyLimitBytes: config.http.bodyLimitBytes,
  });
  configureHttpPipeline(app, {
    problemTypeBase: config.http.problemTypeBase,
    translators: [translateMongoError, translateRedisError],
    reportUnexpected: reportRequestError,
  });
  if (config.http.docsEnabled) {
    if (!config.auth.docsPublic) {
      // Swagger's routes are plain Fastify routes, out of the Nest guard's reach.
      app
        .getHttpAdapter()
        .getInstance()
        .addHook('onRequest', requireScopeForPath(app.get(ApiKeysService), '/docs', 'admin'));
    }
    setupOpenApi(app, config.http.problemTypeBase);
  }
  return app;
}

/** The api process: settings, logger, app, signal handling, listen — in that order. */
export async function runApi(extraModules: Type[] = []): Promise<void> {
  const config = new AppConfig(loadConfigOrExit());
  const logger = createRootLogger(config);
  const app = await createApiApp(config, logger, extraModules);
  enableGracefulShutdown(app, {
    ...config.shutdown,
    logger: app.get(Logger),
    afterClose: () => flushTelemetry(),
  });
  app.get(ConfigFlagReloader).listen('SIGHUP');
  await app.listen({ port: config.http.port, host: config.http.host });
  logger.info({ port: config.http.port }, 'api listening');
}
