import { Module } from '@nestjs/common';
import {
  DatabaseModule,
  IndexHealthIndicator,
  MongoHealthIndicator,
  RedisHealthIndicator,
} from '@scout/database';
import { HealthModule, HealthProbes, LifecycleState } from '@scout/health';
import { HealthController } from './health.controller';

/**
 * The worker's probes: ready while MongoDB and Redis answer (its jobs need both), started once
 * boot is done and every declared index exists (the indicators are the database lib's).
 */
@Module({
  imports: [HealthModule, DatabaseModule],
  controllers: [HealthController],
  providers: [
    {
      provide: HealthProbes,
      inject: [LifecycleState, MongoHealthIndicator, RedisHealthIndicator, IndexHealthIndicator],
      useFactory: (
        lifecycle: LifecycleState,
        mongo: MongoHealthIndicator,
        redis: RedisHealthIndicator,
        indexes: IndexHealthIndicator,
      ) =>
        new HealthProbes(lifecycle, {
          ready: [() => mongo.check(), () => redis.ping()],
          startup: [() => indexes.check()],
        }),
    },
  ],
})
export class WorkerHealthModule {}
