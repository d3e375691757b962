import { randomUUID } from 'node:crypto';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  type Client,
  NOOP_PROVIDER,
  OpenFeature,
  type Provider,
  ProviderEvents,
} from '@openfeature/server-sdk';
import { DomainError, ErrorCode } from '@scout/common';
import { ALL_FLAGS, Flag, type FlagValues } from './flag-definitions';

/** Told the new value of a flag whenever it changes. */
export type FlagListener = (enabled: boolean, flag: Flag) => void;

/** How a switched-off feature is named in the 503 a client gets. */
const FEATURE_NAMES: Readonly<Record<Flag, string>> = {
  [Flag.ScrapingEnabled]: 'Scraping',
  [Flag.ScrapingScheduler]: 'The re-scrape scheduler',
  [Flag.CacheEnabled]: 'The cache',
  [Flag.CacheWarming]: 'Cache warming',
};

/**
 * Scout's feature flags, evaluated through OpenFeature so the provider behind them (today the
 * configuration, later perhaps a flag service) can change without touching any consumer.
 *
 * Hot paths must not pay for an evaluation per call (a promise, hooks, context merging), so the
 * service keeps a snapshot of every flag's resolved value: `isEnabled` is a property read. The
 * snapshot is evaluated again whenever the provider reports `PROVIDER_READY` or
 * `PROVIDER_CONFIGURATION_CHANGED`, and listeners registered with `onChange` hear about every
 * value that changed. Flags therefore have one value per process (no per-request targeting).
 *
 * Each instance binds its provider to an OpenFeature domain of its own, so several Scout apps
 * in one process (tests) never share or replace each other's flags.
 */
export class FlagsService implements OnApplicationShutdown {
  private readonly logger = new Logger('Flags');
  private snapshot: Record<Flag, boolean>;
  private readonly listeners = new Map<Flag, Set<FlagListener>>();
  private refreshing: Promise<void> = Promise.resolve();
  private readonly onProviderEvent = (): void => void this.refresh();

  private constructor(
    private readonly client: Client,
    private readonly domain: string,
    private readonly fallback: FlagValues,
  ) {
    this.snapshot = { ...fallback };
  }

  /**
   * Binds `provider` and evaluates every flag once. Never fails boot: a provider that is not
   * ready yet (a remote service still connecting) yields `fallback` until it reports ready.
   */
  static async start(provider: Provider, fallback: FlagValues): Promise<FlagsService> {
    const domain = `scout:${randomUUID()}`;
    OpenFeature.setProvider(domain, provider);
    const client = OpenFeature.getClient(domain);
    const logger = new Logger('OpenFeature');
    const line = (args: unknown[]): string => args.map(String).join(' ');
    client.setLogger({
      error: (...args: unknown[]) => logger.error(line(args)),
      warn: (...args: unknown[]) => logger.warn(line(args)),
      info: (...args: unknown[]) => logger.log(line(args)),
      debug: (...args: unknown[]) => logger.debug(line(args)),
    });
    const service = new FlagsService(client, domain, fallback);
    client.addHandler(ProviderEvents.Ready, service.onProviderEvent);
    client.addHandler(ProviderEvents.ConfigurationChanged, service.onProviderEvent);
    await service.refresh();
    return service;
  }

  /** The flag's current value, from the snapshot: cheap enough for every request. */
  isEnabled(flag: Flag): boolean {
    return this.snapshot[flag];
  }

  /**
   * For request paths a flag can close: throws 503 FEATURE_DISABLED (without `Retry-After`:
   * nobody knows when an operator switches it back on) while the flag is off.
   */
  ensureEnabled(flag: Flag): void {
    if (this.snapshot[flag]) return;
    throw new DomainError(
      ErrorCode.FeatureDisabled,
      `${FEATURE_NAMES[flag]} is switched off for now (feature flag '${flag}').`,
      { extensions: { flag } },
    );
  }

  /** Calls `listener` with each new value of `flag`; returns the function that unsubscribes. */
  onChange(flag: Flag, listener: FlagListener): () => void {
    let set = this.listeners.get(flag);
    if (!set) {
      set = new Set();
      this.listeners.set(flag, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /**
   * Evaluates every flag again and tells listeners what changed. Runs one at a time, in order;
   * the promise settles once this refresh (and every earlier one) has been applied.
   */
  refresh(): Promise<void> {
    this.refreshing = this.refreshing
      .then(() => this.evaluateAll())
      .catch((error: Error) =>
        this.logger.error({ errName: error.name }, 'feature flags could not be evaluated'),
      );
    return this.refreshing;
  }

  async onApplicationShutdown(): Promise<void> {
    this.client.removeHandler(ProviderEvents.Ready, this.onProviderEvent);
    this.client.removeHandler(ProviderEvents.ConfigurationChanged, this.onProviderEvent);
    this.listeners.clear();
    // Unbinding closes the provider (a remote one would release its connection here).
    await OpenFeature.setProviderAndWait(this.domain, NOOP_PROVIDER);
  }

  private async evaluateAll(): Promise<void> {
    const next = { ...this.snapshot };
    for (const flag of ALL_FLAGS) {
      const details = await this.client.getBooleanDetails(flag, this.fallback[flag]);
      if (details.errorCode) {
        this.logger.warn(
          { flag, errorCode: details.errorCode, value: details.value },
          'feature flag fell back to its configured value',
        );
      }
      next[flag] = details.value;
    }
    const changed = ALL_FLAGS.filter((flag) => next[flag] !== this.snapshot[flag]);
    this.snapshot = next;
    for (const flag of changed) {
      this.logger.log({ flag, enabled: next[flag] }, 'feature flag changed');
      for (const listener of this.listeners.get(flag) ?? []) {
        try {
          listener(next[flag], flag);
        } catch (error) {
          this.logger.error(
            { flag, errName: (error as Error).name, errMessage: (error as Error).message },
            'a feature flag listener failed',
          );
        }
      }
    }
  }
}
