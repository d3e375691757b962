import { Logger } from '@nestjs/common';
import { DomainError, ERROR_CATALOG, ErrorCode } from '@scout/common';
import { ConfigValidationError } from '@scout/config';
import { ConfigFlagProvider } from './config-flag.provider';
import { ConfigFlagReloader } from './config-flag.reloader';
import { Flag, type FlagValues } from './flag-definitions';
import { FlagsService } from './flags.service';

const CONFIGURED: FlagValues = {
  [Flag.ScrapingEnabled]: true,
  [Flag.ScrapingScheduler]: true,
  [Flag.CacheEnabled]: true,
  [Flag.CacheWarming]: false,
};

describe('FlagsService', () => {
  const started: FlagsService[] = [];
  const start = async (provider: ConfigFlagProvider, fallback: FlagValues = CONFIGURED) => {
    const service = await FlagsService.start(provider, fallback);
    started.push(service);
    return service;
  };

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((service) => service.onApplicationShutdown()));
    jest.restoreAllMocks();
  });

  it('answers from the provider as soon as it is started', async () => {
    const flags = await start(new ConfigFlagProvider(CONFIGURED));
    expect(flags.isEnabled(Flag.ScrapingEnabled)).toBe(true);
    expect(flags.isEnabled(Flag.CacheWarming)).toBe(false);
  });

  it('follows provider changes and tells listeners only about flags that changed', async () => {
    const provider = new ConfigFlagProvider(CONFIGURED);
    const flags = await start(provider);
    const scraping: boolean[] = [];
    const cache: boolean[] = [];
    flags.onChange(Flag.ScrapingEnabled, (on) => scraping.push(on));
    const unsubscribe = flags.onChange(Flag.CacheEnabled, (on) => cache.push(on));

    provider.update({ ...CONFIGURED, [Flag.ScrapingEnabled]: false });
    await flags.refresh();
    expect(flags.isEnabled(Flag.ScrapingEnabled)).toBe(false);
    expect(scraping).toEqual([false]);
    expect(cache).toEqual([]);

    unsubscribe();
    provider.update({ ...CONFIGURED, [Flag.CacheEnabled]: false });
    await flags.refresh();
    expect(flags.isEnabled(Flag.CacheEnabled)).toBe(false);
    expect(flags.isEnabled(Flag.ScrapingEnabled)).toBe(true);
    expect(scraping).toEqual([false, true]);
    expect(cache).toEqual([]);
  });

  it('a failing listener does not keep the others from hearing the change', async () => {
    const provider = new ConfigFlagProvider(CONFIGURED);
    const flags = await start(provider);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const heard: boolean[] = [];
    flags.onChange(Flag.CacheWarming, () => {
      throw new Error('listener broke');
    });
    flags.onChange(Flag.CacheWarming, (on) => heard.push(on));
    provider.update({ ...CONFIGURED, [Flag.CacheWarming]: true });
    await flags.refresh();
    expect(heard).toEqual([true]);
  });

  it('falls back to the configured values for flags the provider does not know', async () => {
    const flags = await start(new ConfigFlagProvider({}), CONFIGURED);
    expect(flags.isEnabled(Flag.ScrapingEnabled)).toBe(true);
    expect(flags.isEnabled(Flag.CacheWarming)).toBe(false);
    expect(Logger.prototype.warn).toHaveBeenCalledWith(
      expect.objectContaining({ flag: Flag.CacheWarming, errorCode: 'FLAG_NOT_FOUND' }),
      expect.any(String),
    );
  });

  it('ensureEnabled: nothing while on, 503 FEATURE_DISABLED naming the flag while off', async () => {
    const flags = await start(
      new ConfigFlagProvider({ ...CONFIGURED, [Flag.ScrapingEnabled]: false }),
    );
    expect(() => flags.ensureEnabled(Flag.CacheEnabled)).not.toThrow();
    let thrown: unknown;
    try {
      flags.ensureEnabled(Flag.ScrapingEnabled);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    const error = thrown as DomainError;
    expect(error.code).toBe(ErrorCode.FeatureDisabled);
    expect(ERROR_CATALOG[error.code].status).toBe(503);
    expect(error.retryAfterSeconds).toBeUndefined();
    expect(error.extensions).toEqual({ flag: 'scraping.enabled' });
  });

  it('instances in one process keep their own flags', async () => {
    const a = new ConfigFlagProvider(CONFIGURED);
    const flagsA = await start(a);
    const flagsB = await start(
      new ConfigFlagProvider({ ...CONFIGURED, [Flag.ScrapingEnabled]: false }),
    );
    a.update({ ...CONFIGURED, [Flag.CacheEnabled]: false });
    await Promise.all([flagsA.refresh(), flagsB.refresh()]);
    expect(flagsA.isEnabled(Flag.ScrapingEnabled)).toBe(true);
    expect(flagsA.isEnabled(Flag.CacheEnabled)).toBe(false);
    expect(flagsB.isEnabled(Flag.ScrapingEnabled)).toBe(false);
    expect(flagsB.isEnabled(Flag.CacheEnabled)).toBe(true);
  });
});

describe('ConfigFlagReloader', () => {
  afterEach(() => jest.restoreAllMocks());

  it('applies the configuration read on the signal, and keeps the flags when it is invalid', async () => {
    let next: FlagValues | Error = { ...CONFIGURED, [Flag.ScrapingScheduler]: false };
    const provider = new ConfigFlagProvider(CONFIGURED, () => {
      if (next instanceof Error) throw next;
      return next;
    });
    const flags = await FlagsService.start(provider, CONFIGURED);
    const reloader = new ConfigFlagReloader(provider);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      reloader.listen('SIGHUP');
      process.emit('SIGHUP', 'SIGHUP');
      await flags.refresh();
      expect(flags.isEnabled(Flag.ScrapingScheduler)).toBe(false);

      next = new ConfigValidationError(['MONGODB_URI (mongo.uri): required']);
      reloader.reload();
      await flags.refresh();
      expect(flags.isEnabled(Flag.ScrapingScheduler)).toBe(false);
      expect(warn).toHaveBeenCalledWith(
        { problems: ['MONGODB_URI (mongo.uri): required'] },
        expect.stringContaining('not reloaded'),
      );
    } finally {
      reloader.onApplicationShutdown();
      await flags.onApplicationShutdown();
    }
    expect(process.listenerCount('SIGHUP')).toBe(0);
  });
});
