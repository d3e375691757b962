import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { CacheStats, registerCacheMetrics } from '@scout/caching';
import { AppConfig } from '@scout/config';
import { DependencyMonitor, MongoPoolMetrics, registerDependencyMetrics } from '@scout/database';
import { HttpMetrics, MetricsRegistry, type RequestLogController } from '@scout/observability';
import { PrivacyStats, registerPrivacyMetrics } from '@scout/privacy';
import { OutboundPolicy } from '@scout/resilience';
import { registerScraperMetrics, ScraperStats } from '@scout/scraper';
import { QueueOverview, registerQueueDepthMetrics } from '@scout/scraping';

/**
 * The worker's metrics, always on and served at `/metrics` on its management listener next to
 * the probes: job outcomes (recorded by the processors through `QueueMetrics`), queue depth,
 * scraper outbound requests and breaker state, cache, people's data removed (retention sweeps,
 * erasures), MongoDB pool, HTTP and process metrics. Each lib registers what it counts; this
 * class only composes them.
 */
@Injectable()
export class WorkerMetrics implements OnModuleInit {
  constructor(
    private readonly config: AppConfig,
    private readonly registry: MetricsRegistry,
    private readonly http: HttpMetrics,
    private readonly cache: CacheStats,
    private readonly outbound: OutboundPolicy,
    private readonly scraper: ScraperStats,
    private readonly queue: QueueOverview,
    private readonly dependencies: DependencyMonitor,
    private readonly privacy: PrivacyStats,
    @InjectConnection() private readonly connection: Connection,
  ) {}

  /** Lets the request log feed the HTTP metrics; call once with the app's log controller. */
  instrument(requestLog: RequestLogController): void {
    requestLog.observe(this.http);
  }

  onModuleInit(): void {
    this.registry.collectDefaultMetrics();
    registerCacheMetrics(this.registry, this.cache);
    registerDependencyMetrics(this.registry, this.dependencies);
    registerScraperMetrics(this.registry, this.outbound, this.scraper);
    registerPrivacyMetrics(this.registry, this.privacy);
    registerQueueDepthMetrics(this.registry, this.queue);
    new MongoPoolMetrics(this.registry, { maxPoolSize: this.config.mongo.maxPoolSize }).watch(
      this.connection,
    );
  }
}
