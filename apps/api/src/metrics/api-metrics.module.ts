import { Module } from '@nestjs/common';
import { MetricsModule } from '@scout/observability';
import { RateLimitModule } from '@scout/rate-limit';
import { ScrapingModule } from '@scout/scraping';
import { QueueBoard } from '../admin/queue-board';
import { ApiMetrics } from './api-metrics';

/** The api's metrics and their management listener (with the queue dashboard); see `ApiMetrics`. */
@Module({
  imports: [MetricsModule.forRoot(), ScrapingModule, RateLimitModule],
  providers: [ApiMetrics, QueueBoard],
  exports: [ApiMetrics],
})
export class ApiMetricsModule {}
