/**
 * The settings loader alone (zod and yaml, no Nest), as `@scout/config/loader`: for code that
 * runs before anything else is loaded, such as the tracing and error-tracking bootstrap.
 */
export {
  ConfigValidationError,
  loadConfig,
  loadConfigOrExit,
  type LoadConfigOptions,
} from './config.loader';
export type { ScoutSettings } from './config.schema';
