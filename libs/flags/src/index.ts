export { FlagsModule } from './flags.module';
export { FlagsService, type FlagListener } from './flags.service';
export { ALL_FLAGS, Flag, flagValuesOf, type FlagValues } from './flag-definitions';
export {
  ConfigFlagProvider,
  type ConfiguredFlags,
  type ConfiguredFlagValue,
} from './config-flag.provider';
export { ConfigFlagReloader } from './config-flag.reloader';
