import { Module } from '@nestjs/common';
import { DependencyProbesModule } from '@scout/database';
import { HealthController } from './health.controller';

/** The api's health routes (public: load balancers and orchestrators call them without a key), answered by the probes of the stores it needs. */
@Module({
  imports: [DependencyProbesModule],
  controllers: [HealthController],
})
export class ApiHealthModule {}
