import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import { configureHttpPipeline, createFastifyAdapter } from '@scout/common';
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
import { WorkerMetrics } from './metrics/worker-metrics';
import { WorkerModule } from './worker.module';

/** Builds the worker application without listening, for tests and for `runWorker`. */
export async function createWorkerApp(
  config: AppConfig,
  logger: PinoLogger,
): Promise<NestFastifyApplication> {
  const requestLog = new RequestLogController();
  const app = await NestFactory.create<NestFastifyApplication>(
    WorkerModule.forRoot(config, logger),
    createFastifyAdapter({
      logger,
      logController: requestLog,
      bodyLimitBytes: 16 * 1024,
    }),
    { bufferLogs: true, bodyParser: false },
  );
  app.useLogger(app.get(Logger));
  app.get(WorkerMetrics).instrument(requestLog);
  configureHttpPipeline(app, {
    problemTypeBase: config.http.problemTypeBase,
    translators: [translateMongoError, translateRedisError],
    reportUnexpected: reportRequestError,
  });
  return app;
}

/** The worker process: settings, logger, app, signal handling, management listener. */
export async function runWorker(): Promise<void> {
  const config = new AppConfig(loadConfigOrExit());
  const logger = createRootLogger(config);
  const app = await createWorkerApp(config, logger);
  enableGracefulShutdown(app, {
    ...config.shutdown,
    logger: app.get(Logger),
    afterClose: () => flushTelemetry(),
  });
  app.get(ConfigFlagReloader).listen('SIGHUP');
  await app.listen({ port: config.worker.port, host: config.worker.host });
  logger.info({ port: config.worker.port }, 'worker listening');
}
