import { type DynamicModule, Global, Module } from '@nestjs/common';
import { HttpMetrics } from './http-metrics';
import { MetricsRegistry } from './metrics.registry';

/**
 * The app's metrics registry and HTTP metrics, injectable everywhere. Holds no collector of any
 * feature: each app registers what it has to report (cache, queue, scraper, MongoDB pool), so
 * feature libs never depend on prom-client. Serving `/metrics` is the app's choice too.
 */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(): DynamicModule {
    return {
      module: MetricsModule,
      providers: [
        { provide: MetricsRegistry, useFactory: () => new MetricsRegistry() },
        {
          provide: HttpMetrics,
          inject: [MetricsRegistry],
          useFactory: (registry: MetricsRegistry) => new HttpMetrics(registry),
        },
      ],
      exports: [MetricsRegistry, HttpMetrics],
    };
  }
}
