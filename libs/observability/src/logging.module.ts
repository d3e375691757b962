import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';

/**
 * Routes Nest's logging through the process's root pino logger. Per-request loggers come from
 * Fastify (`useExisting`), so there is no second pino-http pass over each request and every
 * line logged while handling a request carries its `requestId`.
 */
@Module({})
export class LoggingModule {
  static forRoot(rootLogger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: { logger: rootLogger },
          useExisting: true,
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
