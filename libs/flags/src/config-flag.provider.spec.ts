import { randomUUID } from 'node:crypto';
import {
  type Client,
  ErrorCode,
  type EventDetails,
  NOOP_PROVIDER,
  OpenFeature,
  ProviderEvents,
  StandardResolutionReasons,
} from '@openfeature/server-sdk';
import { ConfigFlagProvider, type ConfiguredFlags } from './config-flag.provider';

const FLAGS: ConfiguredFlags = {
  'scraping.enabled': true,
  'cache.enabled': false,
  'ui.theme': 'dark',
  'scrape.batch': 50,
  'limits.perHost': { rate: 60, burst: [1, 2] },
};

describe('ConfigFlagProvider through an OpenFeature client', () => {
  let domain: string;
  let provider: ConfigFlagProvider;
  let client: Client;

  beforeEach(async () => {
    domain = `test:${randomUUID()}`;
    provider = new ConfigFlagProvider(FLAGS, () => ({ ...FLAGS, 'scraping.enabled': false }));
    await OpenFeature.setProviderAndWait(domain, provider);
    client = OpenFeature.getClient(domain);
    client.setLogger({ error: () => {}, warn: () => {}, info: () => {}, debug: () => {} });
  });

  afterEach(async () => {
    await OpenFeature.setProviderAndWait(domain, NOOP_PROVIDER);
  });

  it('resolves each type to its configured value, statically', async () => {
    const enabled = await client.getBooleanDetails('scraping.enabled', false);
    expect(enabled).toMatchObject({
      value: true,
      reason: StandardResolutionReasons.STATIC,
      variant: 'on',
    });
    expect(enabled.errorCode).toBeUndefined();
    expect(await client.getBooleanValue('cache.enabled', true)).toBe(false);
    expect(await client.getStringValue('ui.theme', 'light')).toBe('dark');
    expect(await client.getNumberValue('scrape.batch', 1)).toBe(50);
    expect(await client.getObjectValue('limits.perHost', {})).toEqual({ rate: 60, burst: [1, 2] });
  });

  it("an unknown flag gives the caller's default with reason ERROR and FLAG_NOT_FOUND", async () => {
    const details = await client.getBooleanDetails('no.such.flag', true);
    expect(details).toMatchObject({
      value: true,
      reason: StandardResolutionReasons.ERROR,
      errorCode: ErrorCode.FLAG_NOT_FOUND,
    });
    expect(details.errorMessage).toContain('no.such.flag');
  });

  it("a flag of another type gives the caller's default with TYPE_MISMATCH", async () => {
    const details = await client.getNumberDetails('ui.theme', 7);
    expect(details).toMatchObject({
      value: 7,
      reason: StandardResolutionReasons.ERROR,
      errorCode: ErrorCode.TYPE_MISMATCH,
    });
    expect((await client.getBooleanDetails('scrape.batch', false)).errorCode).toBe(
      ErrorCode.TYPE_MISMATCH,
    );
  });

  it('announces changed flags with PROVIDER_CONFIGURATION_CHANGED, and serves the new values', async () => {
    const events: Array<EventDetails<ProviderEvents.ConfigurationChanged>> = [];
    client.addHandler(ProviderEvents.ConfigurationChanged, (details) => {
      if (details) events.push(details);
    });

    const changed = provider.update({
      ...FLAGS,
      'cache.enabled': true,
      'limits.perHost': { rate: 60, burst: [1, 3] },
      'new.flag': 'x',
    });
    expect(changed.sort()).toEqual(['cache.enabled', 'limits.perHost', 'new.flag']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toHaveLength(1);
    expect(events[0].flagsChanged?.sort()).toEqual(changed);
    expect(await client.getBooleanValue('cache.enabled', false)).toBe(true);
    expect(await client.getStringValue('new.flag', '')).toBe('x');
  });

  it('announces nothing when no value changed, and a removed flag as changed', async () => {
    const events: unknown[] = [];
    client.addHandler(ProviderEvents.ConfigurationChanged, (details) => events.push(details));
    expect(provider.update({ ...FLAGS })).toEqual([]);
    const rest = Object.fromEntries(Object.entries(FLAGS).filter(([key]) => key !== 'ui.theme'));
    expect(provider.update(rest)).toEqual(['ui.theme']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toHaveLength(1);
    expect((await client.getStringDetails('ui.theme', 'light')).errorCode).toBe(
      ErrorCode.FLAG_NOT_FOUND,
    );
  });

  it('reload applies what the configuration says now', async () => {
    expect(provider.reload()).toEqual(['scraping.enabled']);
    expect(await client.getBooleanValue('scraping.enabled', true)).toBe(false);
  });
});
