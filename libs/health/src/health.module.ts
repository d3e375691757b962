import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { LifecycleState } from './lifecycle.state';

/** The probes both apps serve: api on its public port, worker on its management port. */
@Module({
  controllers: [HealthController],
  providers: [LifecycleState],
  exports: [LifecycleState],
})
export class HealthModule {}
