import { Module } from '@nestjs/common';
import { CachingModule } from '@scout/caching';
import { DatabaseModule } from '@scout/database';
import { MetricsModule } from '@scout/observability';
import { PrivacyModule } from '@scout/privacy';
import { RateLimitModule } from '@scout/rate-limit';
import { ScrapingModule } from '@scout/scraping';
import { QueueBoard } from '../admin/queue-board';
import { ApiMetrics } from './api-metrics';

/**
 * The api's metrics and their management listener (with the queue dashboard); see `ApiMetrics`.
 * Imports the libs whose stats it reports, and holds the app's one metrics registry.
 */
@Module({
  imports: [
    MetricsModule.forRoot(),
    DatabaseModule,
    CachingModule,
    PrivacyModule,
    ScrapingModule,
    RateLimitModule,
  ],
  providers: [ApiMetrics, QueueBoard],
  exports: [ApiMetrics],
})
export class ApiMetricsModule {}
