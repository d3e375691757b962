import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CacheService } from '@scout/caching';
import { AppConfig } from '@scout/config';
import { Flag, FlagsService } from '@scout/flags';
import { ProfileQueries } from '@scout/profiles';

/**
 * Preloads the most recently updated profiles when the api starts, in the background, so the
 * first requests after a deploy hit a warm cache; boot never waits for it or fails by it.
 * The `cache.warming` flag switches it off (it is read once, at start).
 */
@Injectable()
export class CacheWarmer implements OnApplicationBootstrap {
  private readonly logger = new Logger('CacheWarmer');

  constructor(
    private readonly profiles: ProfileQueries,
    private readonly cache: CacheService,
    private readonly config: AppConfig,
    private readonly flags: FlagsService,
  ) {}

  onApplicationBootstrap(): void {
    const count = this.config.cache.warmCount;
    if (count === 0 || !this.cache.enabled || !this.flags.isEnabled(Flag.CacheWarming)) return;
    const started = Date.now();
    this.profiles.warm(count).then(
      (warmed) => this.logger.log({ warmed, ms: Date.now() - started }, 'cache warmed'),
      (error: Error) => this.logger.warn({ errName: error.name }, 'cache warming failed'),
    );
  }
}
