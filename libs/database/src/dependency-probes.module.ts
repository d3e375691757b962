import { Module } from '@nestjs/common';
import { HealthModule, HealthProbes, LifecycleState } from '@scout/health';
import { DatabaseModule } from './database.module';
import {
  IndexHealthIndicator,
  MongoHealthIndicator,
  RedisHealthIndicator,
} from './health-indicators';

/**
 * The probes both processes answer with, since both need the same two stores: ready while
 * MongoDB and Redis answer, started once boot is done and every declared index exists. An app
 * imports this beside its own thin health controller; a process with other needs would build
 * its own `HealthProbes` instead.
 */
@Module({
  imports: [HealthModule, DatabaseModule],
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
  exports: [HealthProbes, HealthModule],
})
export class DependencyProbesModule {}
