import { Module } from '@nestjs/common';
import { AuthModule } from '@scout/auth';
import { ConcurrencyLimiter } from './concurrency-limiter';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimitStats } from './rate-limit.stats';
import { RedisThrottlerStorage } from './redis-throttler.storage';

/**
 * Per-key and per-IP request limits shared through Redis. Relies on the global ConfigModule and
 * DatabaseModule. Importing it installs nothing: the api makes `RateLimitGuard` its global guard
 * in place of the bare key guard it wraps, and a module declaring `@Costly()` routes imports
 * this one, whose `ConcurrencyLimiter` their guard needs.
 */
@Module({
  imports: [AuthModule],
  providers: [RateLimitStats, RedisThrottlerStorage, RateLimitGuard, ConcurrencyLimiter],
  exports: [RateLimitGuard, RateLimitStats, ConcurrencyLimiter],
})
export class RateLimitModule {}
