import { type DynamicModule, Module } from '@nestjs/common';
import { HttpMetrics } from './http-metrics';
import { MetricsRegistry } from './metrics.registry';

/**
 * The app's metrics registry and HTTP metrics. Holds no collector of any feature: each lib ships
 * the collectors of what it counts (`registerCacheMetrics` in caching, `registerOutboundMetrics`
 * in resilience, ...) and each app's metrics module, the one place that imports this module,
 * registers the ones it reports into this registry. Serving `/metrics` is the app's choice too.
 */
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
