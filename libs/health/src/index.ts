export { HealthController } from './health.controller';
export { HealthDetailDto, HealthReportDto } from './health-report.dto';
export { HealthModule } from './health.module';
export { LifecycleState } from './lifecycle.state';
export { enableGracefulShutdown, type GracefulShutdownOptions } from './graceful-shutdown';
