import { Module } from '@nestjs/common';
import { LifecycleState } from './lifecycle.state';

/**
 * The process's lifecycle state, one per app: the app's health controller reads it and
 * `enableGracefulShutdown` flips it. Each app adds its own controller and `HealthProbes`.
 */
@Module({
  providers: [LifecycleState],
  exports: [LifecycleState],
})
export class HealthModule {}
