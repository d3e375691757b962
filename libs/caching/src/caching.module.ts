import { Global, Logger, Module } from '@nestjs/common';
import { CacheInvalidationBus } from './cache-invalidation.bus';
import { CacheService } from './cache.service';
import { CacheStats } from './cache-stats';
import { WARNING_INTERVAL_MS } from './caching.constants';
import { RedisCacheStore } from './redis-cache.store';
import { FlagsModule } from '@scout/flags';
import { ThrottledLogger } from '@scout/observability';

/**
 * The process's cache. Global so feature libs inject `CacheService` without importing it; relies
 * on the global `ConfigModule` (settings) and `DatabaseModule` (RedisClientFactory, which also
 * closes the cache's Redis connections on shutdown), and follows the `cache.enabled` flag.
 */
@Global()
@Module({
  imports: [FlagsModule],
  providers: [
    CacheStats,
    CacheInvalidationBus,
    RedisCacheStore,
    CacheService,
    {
      provide: ThrottledLogger,
      useFactory: () => new ThrottledLogger(new Logger('Cache'), WARNING_INTERVAL_MS),
    },
  ],
  exports: [CacheService, CacheStats],
})
export class CachingModule {}
