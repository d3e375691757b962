import type { ScoutSettings } from './config.schema';

/**
 * Validated settings as an injectable class, so consumers get typed, namespaced lookups
 * (`config.mongo.uri`) by constructor injection instead of string keys.
 */
export class AppConfig implements ScoutSettings {
  readonly app!: ScoutSettings['app'];
  readonly http!: ScoutSettings['http'];
  readonly worker!: ScoutSettings['worker'];
  readonly metrics!: ScoutSettings['metrics'];
  readonly admin!: ScoutSettings['admin'];
  readonly mongo!: ScoutSettings['mongo'];
  readonly redis!: ScoutSettings['redis'];
  readonly dependencies!: ScoutSettings['dependencies'];
  readonly cache!: ScoutSettings['cache'];
  readonly flags!: ScoutSettings['flags'];
  readonly api!: ScoutSettings['api'];
  readonly auth!: ScoutSettings['auth'];
  readonly privacy!: ScoutSettings['privacy'];
  readonly rateLimit!: ScoutSettings['rateLimit'];
  readonly scraping!: ScoutSettings['scraping'];
  readonly events!: ScoutSettings['events'];
  readonly webhooks!: ScoutSettings['webhooks'];
  readonly queue!: ScoutSettings['queue'];
  readonly log!: ScoutSettings['log'];
  readonly tracing!: ScoutSettings['tracing'];
  readonly sentry!: ScoutSettings['sentry'];
  readonly health!: ScoutSettings['health'];
  readonly shutdown!: ScoutSettings['shutdown'];

  constructor(settings: ScoutSettings) {
    Object.assign(this, settings);
    Object.freeze(this);
  }

  get isProduction(): boolean {
    return this.app.env === 'production';
  }
}
