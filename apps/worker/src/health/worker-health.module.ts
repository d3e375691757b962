import { Module } from '@nestjs/common';
import { DependencyProbesModule } from '@scout/database';
import { HealthController } from './health.controller';

/** The worker's health routes on its management port, answered by the probes of the stores it needs. */
@Module({
  imports: [DependencyProbesModule],
  controllers: [HealthController],
})
export class WorkerHealthModule {}
