import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Logger } from 'pino';
import { ApiKeyGuard, AuthModule } from '@scout/auth';
import { CachingModule } from '@scout/caching';
import { AppConfig, ConfigModule } from '@scout/config';
import { DatabaseModule } from '@scout/database';
import { FlagsModule } from '@scout/flags';
import { LoggingModule } from '@scout/observability';
import { PrivacyModule } from '@scout/privacy';
import { ProfilesModule } from '@scout/profiles';
import { RateLimitModule } from '@scout/rate-limit';
import { ScrapingModule } from '@scout/scraping';
import { WebhooksModule } from '@scout/webhooks';
import { ScrapeJobsController } from './scrape-jobs/scrape-jobs.controller';
import { CompaniesController } from './companies/companies.controller';
import { CacheWarmer } from './profiles/cache-warmer';
import { ApiHealthModule } from './health/api-health.module';
import { ApiMetricsModule } from './metrics/api-metrics.module';
import { ErasureRequestsController, PersonExportController } from './privacy/privacy.controller';
import { ProfilesController } from './profiles/profiles.controller';
import { WebhooksController } from './webhooks/webhooks.controller';

/**
 * The api's composition root: shared infrastructure plus the HTTP controllers, behind the API
 * key guard and rate limits (only the api has them: the worker serves nothing but probes). Extra modules
 * let an embedding (a test harness, a one-off tool) add routes without a second root.
 */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, logger: Logger, extra: Type[] = []): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        DatabaseModule,
        FlagsModule,
        ApiHealthModule,
        CachingModule,
        AuthModule,
        RateLimitModule,
        ProfilesModule,
        ScrapingModule,
        WebhooksModule,
        PrivacyModule,
        ApiMetricsModule,
        ...extra,
      ],
      controllers: [
        ProfilesController,
        CompaniesController,
        ScrapeJobsController,
        WebhooksController,
        ErasureRequestsController,
        PersonExportController,
      ],
      // Every route of the api, test routes included, passes the scope check; the key itself and
      // the rate limits were checked before the body was read (RequestGate, see bootstrap).
      providers: [CacheWarmer, { provide: APP_GUARD, useExisting: ApiKeyGuard }],
    };
  }
}
