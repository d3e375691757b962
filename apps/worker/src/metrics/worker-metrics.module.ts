import { Module } from '@nestjs/common';
import { MetricsModule, MetricsRegistry, QueueMetrics } from '@scout/observability';
import { ScrapingModule } from '@scout/scraping';
import { MetricsController } from './metrics.controller';
import { WorkerMetrics } from './worker-metrics';

/** The worker's metrics, `QueueMetrics` for its processors, and `GET /metrics`. */
@Module({
  imports: [MetricsModule.forRoot(), ScrapingModule],
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
