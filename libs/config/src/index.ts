export { AppConfig } from './app-config';
export { ConfigModule } from './config.module';
export {
  ConfigValidationError,
  loadConfig,
  loadConfigOrExit,
  type LoadConfigOptions,
} from './config.loader';
export {
  ENV_BINDINGS,
  LOG_LEVELS,
  READ_PREFERENCES,
  REDIS_TOPOLOGIES,
  type ScoutSettings,
} from './config.schema';
