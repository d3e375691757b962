import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig, ConfigModule } from '@scout/config';
import { DatabaseModule } from '@scout/database';
import { FlagsModule } from '@scout/flags';
import { LoggingModule } from '@scout/observability';
import { CachingModule } from '@scout/caching';
import { EventsModule } from '@scout/events';
import { PrivacyModule } from '@scout/privacy';
import { ScrapingModule } from '@scout/scraping';
import { WebhooksModule } from '@scout/webhooks';
import { WorkerHealthModule } from './health/worker-health.module';
import { WorkerMetricsModule } from './metrics/worker-metrics.module';
import { ScrapeRunnerModule } from './scrape/scrape-runner.module';
import { WebhookDeliveryModule } from './webhooks/webhook-delivery.module';
import { OutboxSweeper } from './outbox-sweeper';
import { QueueWorkers } from './queue-workers';
import { WebhookRelay } from './webhook-relay';
import {
  QUEUE_REGISTRY,
  QUEUE_REGISTRY_TOKEN,
  registeredProcessors,
} from './queues/queue-registry';

/**
 * The worker's composition root: the same infrastructure and feature libs as the api, plus the
 * queue consumers (every processor in the queue registry) and the outbox sweeper; no public routes. Its HTTP listener serves only probes and `/metrics` on the
 * management port.
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
        FlagsModule,
        WorkerHealthModule,
        CachingModule,
        ScrapingModule,
        ScrapeRunnerModule,
        PrivacyModule,
        EventsModule,
        WebhooksModule,
        WebhookDeliveryModule,
        WorkerMetricsModule,
      ],
      providers: [
        { provide: QUEUE_REGISTRY_TOKEN, useValue: QUEUE_REGISTRY },
        ...registeredProcessors(QUEUE_REGISTRY),
        QueueWorkers,
        OutboxSweeper,
        WebhookRelay,
      ],
    };
  }
}
