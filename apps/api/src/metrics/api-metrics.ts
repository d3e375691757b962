import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { Counter } from 'prom-client';
import { CacheStats } from '@scout/caching';
import { AppConfig } from '@scout/config';
import { PrivacyStats } from '@scout/privacy';
import { DependencyMonitor } from '@scout/database';
import {
  HttpMetrics,
  MetricsRegistry,
  type MetricsServer,
  MongoPoolMetrics,
  registerCacheMetrics,
  registerDependencyMetrics,
  registerPrivacyMetrics,
  registerQueueDepthMetrics,
  type RequestLogController,
  startMetricsServer,
} from '@scout/observability';
import { RATE_LIMIT_TIERS, RateLimitStats } from '@scout/rate-limit';
import { QueueName, QueueOverview } from '@scout/scraping';
import { QueueBoard } from '../admin/queue-board';

/**
 * The api's metrics: HTTP requests, cache, queue depth, rate-limit refusals, MongoDB pool and process metrics, served
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
    registerQueueDepthMetrics(
      this.registry,
      Object.values(QueueName).map((name) => ({ name, counts: () => this.queue.counts(name) })),
    );
    this.registerRateLimitMetrics();
    new MongoPoolMetrics(this.registry, { maxPoolSize: this.config.mongo.maxPoolSize }).watch(
      this.connection,
    );
  }

  /** Read from the limiter's counters at scrape time, so limiting itself records nothing. */
  private registerRateLimitMetrics(): void {
    const read = (): ReturnType<RateLimitStats['snapshot']> => this.rateLimits.snapshot();
    new Counter({
      name: 'scout_rate_limited_requests_total',
      help:
        'Requests refused with 429 RATE_LIMITED, by tier (reads, writes, scrape, anonymous; ' +
        'costly: too many costly requests in flight).',
      labelNames: ['tier'],
      registers: [this.registry],
      collect() {
        this.reset();
        const { limited, costlyLimited } = read();
        for (const tier of RATE_LIMIT_TIERS) this.inc({ tier }, limited[tier]);
        this.inc({ tier: 'costly' }, costlyLimited);
      },
    });
    new Counter({
      name: 'scout_rate_limit_fallback_total',
      help:
        'Rate-limit hits and costly-request slots counted in process memory because Redis was ' +
        'unavailable or too slow.',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(read().fallbacks);
      },
    });
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
