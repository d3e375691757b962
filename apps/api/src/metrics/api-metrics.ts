import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { CacheStats, registerCacheMetrics } from '@scout/caching';
import { AppConfig } from '@scout/config';
import { DependencyMonitor, MongoPoolMetrics, registerDependencyMetrics } from '@scout/database';
import {
  HttpMetrics,
  MetricsRegistry,
  type MetricsServer,
  type RequestLogController,
  startMetricsServer,
} from '@scout/observability';
import { PrivacyStats, registerPrivacyMetrics } from '@scout/privacy';
import { RateLimitStats, registerRateLimitMetrics } from '@scout/rate-limit';
import { QueueOverview, registerQueueDepthMetrics } from '@scout/scraping';
import { QueueBoard } from '../admin/queue-board';

/**
 * The api's metrics: HTTP requests, cache, queue depth, rate-limit refusals, MongoDB pool and
 * process metrics, each registered by the lib that counts it and composed here, served
 * on a management listener (`METRICS_HOST`:`METRICS_PORT`) of their own, never on the public
 * port; the admin queue dashboard (`QueueBoard`) shares that listener. `METRICS_PORT=0` turns all
 * of it off: no listener, nothing recorded. The listener opens with the app and closes after the
 * public one, so scrapes keep working while it drains.
 */
@Injectable()
export class ApiMetrics implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server?: MetricsServer;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: MetricsRegistry,
    private readonly http: HttpMetrics,
    private readonly cache: CacheStats,
    private readonly queue: QueueOverview,
    private readonly board: QueueBoard,
    private readonly rateLimits: RateLimitStats,
    private readonly dependencies: DependencyMonitor,
    private readonly privacy: PrivacyStats,
    @InjectConnection() private readonly connection: Connection,
  ) {}

  get enabled(): boolean {
    return this.config.metrics.port !== 0;
  }

  /** The port the listener is on, once started. */
  get port(): number | undefined {
    return this.server?.port;
  }

  /** Lets the request log feed the HTTP metrics; call once with the app's log controller. */
  instrument(requestLog: RequestLogController): void {
    if (this.enabled) requestLog.observe(this.http);
  }

  onModuleInit(): void {
    if (!this.enabled) return;
    this.registry.collectDefaultMetrics();
    registerCacheMetrics(this.registry, this.cache);
    registerPrivacyMetrics(this.registry, this.privacy);
    registerDependencyMetrics(this.registry, this.dependencies);
    registerQueueDepthMetrics(this.registry, this.queue);
    registerRateLimitMetrics(this.registry, this.rateLimits);
    new MongoPoolMetrics(this.registry, { maxPoolSize: this.config.mongo.maxPoolSize }).watch(
      this.connection,
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    const board = this.board.routes();
    this.server = await startMetricsServer(
      this.registry,
      this.config.metrics,
      board ? [board] : [],
    );
    this.logger.log(
      { host: this.config.metrics.host, port: this.server.port },
      'metrics listening',
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }
}
