import { Module } from '@nestjs/common';
import { MetricsModule } from '@scout/observability';
import { ScrapingModule } from '@scout/scraping';
import { QueueBoard } from '../admin/queue-board';
import { ApiMetrics } from './api-metrics';

/** The api's metrics and their management listener (with the queue dashboard); see `ApiMetrics`. */
@Module({
  imports: [MetricsModule.forRoot(), ScrapingModule],
  providers: [ApiMetrics, QueueBoard],
  exports: [ApiMetrics],
})
export class ApiMetricsModule {}
