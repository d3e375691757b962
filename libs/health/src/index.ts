export { HealthDetailDto, HealthReportDto } from './health-report.dto';
export {
  type HealthCheck,
  HealthProbes,
  healthReport,
  type ProbeChecks,
  probeStatus,
} from './health-probes';
export { HealthModule } from './health.module';
export { LifecycleState } from './lifecycle.state';
export { enableGracefulShutdown, type GracefulShutdownOptions } from './graceful-shutdown';
