import { Module } from '@nestjs/common';
import { AppConfig, loadConfig } from '@scout/config';
import { ConfigFlagProvider } from './config-flag.provider';
import { ConfigFlagReloader } from './config-flag.reloader';
import { flagValuesOf } from './flag-definitions';
import { FlagsService } from './flags.service';

/**
 * Feature flags for the whole process, imported by the libs and apps that consult flags; the
 * module is static, so each app (and each test module) gets exactly one `FlagsService`. The
 * configuration provider is bound here: plugging in a remote OpenFeature provider means handing
 * a different provider to `FlagsService.start`, nothing else.
 */
@Module({
  providers: [
    {
      provide: ConfigFlagProvider,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new ConfigFlagProvider(flagValuesOf(config), () => flagValuesOf(loadConfig())),
    },
    {
      provide: FlagsService,
      inject: [ConfigFlagProvider, AppConfig],
      // Async, so every consumer is built after the first evaluation and reads real values.
      useFactory: (provider: ConfigFlagProvider, config: AppConfig) =>
        FlagsService.start(provider, flagValuesOf(config)),
    },
    ConfigFlagReloader,
  ],
  exports: [FlagsService, ConfigFlagProvider, ConfigFlagReloader],
})
export class FlagsModule {}
