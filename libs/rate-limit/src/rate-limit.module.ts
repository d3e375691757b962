import { Module } from '@nestjs/common';
import { AuthModule } from '@scout/auth';
import { DatabaseModule } from '@scout/database';
import { ConcurrencyLimiter } from './concurrency-limiter';
import { RateLimitStats } from './rate-limit.stats';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import { RequestGate } from './request-gate';

/**
 * Per-key and per-IP request limits shared through Redis. Importing it installs nothing: the api installs `RequestGate` on its listener
 * (authentication and budgets before the body is read), and a module declaring `@Costly()`
 * routes imports this one, whose `ConcurrencyLimiter` their guard needs.
 */
@Module({
  imports: [AuthModule, DatabaseModule],
  providers: [RateLimitStats, RedisThrottlerStorage, RequestGate, ConcurrencyLimiter],
  exports: [RequestGate, RateLimitStats, ConcurrencyLimiter],
})
export class RateLimitModule {}
