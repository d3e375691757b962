import { Module } from '@nestjs/common';
import { CachingModule } from '@scout/caching';
import { DatabaseModule } from '@scout/database';
import { MetricsModule, MetricsRegistry, QueueMetrics } from '@scout/observability';
import { PrivacyModule } from '@scout/privacy';
import { ScraperModule } from '@scout/scraper';
import { ScrapingModule } from '@scout/scraping';
import { MetricsController } from './metrics.controller';
import { WorkerMetrics } from './worker-metrics';

/**
 * The worker's metrics, `QueueMetrics` for its processors, and `GET /metrics`. Imports the libs
 * whose stats it reports, and holds the app's one metrics registry.
 */
@Module({
  imports: [
    MetricsModule.forRoot(),
    DatabaseModule,
    CachingModule,
    PrivacyModule,
    ScraperModule,
    ScrapingModule,
  ],
  controllers: [MetricsController],
  providers: [
    WorkerMetrics,
    {
      provide: QueueMetrics,
      inject: [MetricsRegistry],
      useFactory: (registry: MetricsRegistry) => new QueueMetrics(registry),
    },
  ],
  exports: [WorkerMetrics, QueueMetrics],
})
export class WorkerMetricsModule {}
