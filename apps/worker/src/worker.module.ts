import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig, ConfigModule } from '@scout/config';
import { DatabaseModule } from '@scout/database';
import { HealthModule } from '@scout/health';
import { LoggingModule } from '@scout/observability';

/**
 * The worker's composition root: the same infrastructure as the api, no public routes. Its
 * HTTP listener serves only probes (and, later, metrics) on the management port.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        DatabaseModule,
        HealthModule,
      ],
    };
  }
}
