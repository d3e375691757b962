import { Logger, Module } from '@nestjs/common';
import { CacheInvalidationBus } from './cache-invalidation.bus';
import { CacheService } from './cache.service';
import { CacheStats } from './cache-stats';
import { WARNING_INTERVAL_MS } from './caching.constants';
import { RedisCacheStore } from './redis-cache.store';
import { DatabaseModule } from '@scout/database';
import { FlagsModule } from '@scout/flags';
import { ThrottledLogger } from '@scout/observability';

/**
 * The process's cache, imported by each lib that reads through it (one instance per app, as the
 * module is static). Its Redis connections come from `DatabaseModule`'s RedisClientFactory,
 * which also closes them on shutdown; it follows the `cache.enabled` flag.
 */
@Module({
  imports: [DatabaseModule, FlagsModule],
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
