import { Module } from '@nestjs/common';
import { MetricsModule } from '@scout/observability';
import { RateLimitModule } from '@scout/rate-limit';
import { ScrapingModule } from '@scout/scraping';
import { ApiMetrics } from './api-metrics';

/** The api's metrics and their management listener; see `ApiMetrics`. */
@Module({
  imports: [MetricsModule.forRoot(), ScrapingModule, RateLimitModule],
  providers: [ApiMetrics],
  exports: [ApiMetrics],
})
export class ApiMetricsModule {}
