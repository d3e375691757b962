import type { HostResolver } from '@scout/common';
import {
  assertResolvesPublic,
  isPrivateAddress,
  parseWebhookUrl,
  WebhookTargetError,
} from './webhook-target';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '10.0.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    'not-an-ip',
  ])('refuses %s', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'accepts %s',
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    },
  );
});

describe('parseWebhookUrl', () => {
  it.each([
    ['http://127.0.0.1:8080/hook', /private or reserved/],
    ['http://2130706433/', /private or reserved/],
    ['http://0x7f.1/', /private or reserved/],
    ['http://[::ffff:a00:1]/', /private or reserved/],
    ['https://u:p@hooks.example.com/', /user info/],
    ['file:///etc/passwd', /only http and https/],
    ['hooks.example.com/path', /not an absolute URL/],
    [`https://hooks.example.com/${'a'.repeat(2100)}`, /longer than/],
  ])('refuses %s', (input, reason) => {
    expect(() => parseWebhookUrl(input, [])).toThrow(WebhookTargetError);
    expect(() => parseWebhookUrl(input, [])).toThrow(reason);
  });

  it('lets an allowlisted private host through, and only that one', () => {
    expect(parseWebhookUrl('http://127.0.0.1:9000/x', ['127.0.0.1']).host).toBe('127.0.0.1:9000');
    expect(() => parseWebhookUrl('http://127.0.0.2:9000/x', ['127.0.0.1'])).toThrow(
      WebhookTargetError,
    );
  });
});

describe('assertResolvesPublic', () => {
  const resolver =
    (...addresses: string[]): HostResolver =>
    () =>
      Promise.resolve(
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );

  it('accepts a name whose addresses are all public', async () => {
    await expect(
      assertResolvesPublic('hooks.example.com', [], resolver('93.184.216.34', '2606:2800::1')),
    ).resolves.toBeUndefined();
  });

  it('refuses a name when any of its addresses is private (a rebinding attempt)', async () => {
    await expect(
      assertResolvesPublic('evil.example.com', [], resolver('93.184.216.34', '10.0.0.5')),
    ).rejects.toThrow(/resolves to a private or reserved address/);
  });

  it('refuses a name that does not resolve', async () => {
    const failing = () => Promise.reject(new Error('ENOTFOUND'));
    await expect(assertResolvesPublic('nowhere.invalid', [], failing)).rejects.toThrow(
      /does not resolve/,
    );
  });

  it('accepts an allowlisted name whatever it resolves to', async () => {
    await expect(
      assertResolvesPublic('receiver.internal', ['receiver.internal'], resolver('10.0.0.7')),
    ).resolves.toBeUndefined();
  });
});
