import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { MAX_URL_LENGTH } from './webhooks.constants';

/** A webhook URL Scout refuses to call; the message says why without repeating the URL. */
export class WebhookTargetError extends Error {
  override readonly name = 'WebhookTargetError';
}

/** Address ranges a webhook may not reach: loopback, private, link-local, CGNAT, multicast, reserved. */
const PRIVATE_RANGES = (() => {
  const list = new BlockList();
  const v4: Array<[string, number]> = [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ];
  for (const [network, prefix] of v4) list.addSubnet(network, prefix, 'ipv4');
  const v6: Array<[string, number]> = [
    ['::', 128],
    ['::1', 128],
    ['64:ff9b::', 96],
    ['100::', 64],
    ['2001:db8::', 32],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
  ];
  for (const [network, prefix] of v6) list.addSubnet(network, prefix, 'ipv6');
  return list;
})();

/** The IPv4 address inside an IPv4-mapped or -compatible IPv6 address, if it is one. */
function embeddedIpv4(address: string): string | undefined {
  const match = /^::(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (match) return match[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return undefined;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** Whether an IP address (v4 or v6, any mapping) lies in a range a webhook may not reach. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  if (family === 4) return PRIVATE_RANGES.check(address, 'ipv4');
  const inner = embeddedIpv4(address);
  if (inner !== undefined) return PRIVATE_RANGES.check(inner, 'ipv4');
  return PRIVATE_RANGES.check(address, 'ipv6');
}

/** A URL's host name without IPv6 brackets, lower-case. */
export function bareHostname(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

/** Whether the operator exempted this host (`WEBHOOK_ALLOWED_HOSTS`) from the private-range refusal. */
export function isAllowedHost(hostname: string, allowedHosts: readonly string[]): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return allowedHosts.some((entry) => entry.replace(/^\[|\]$/g, '').toLowerCase() === host);
}

/**
 * Reads a webhook URL as a fetch would (WHATWG), so the host checked is the host called: any
 * spelling of an IP address (decimal, hex, mapped IPv6) is checked as the address it means.
 * Refuses anything but absolute http(s) URLs without user info; an IP literal must be public
 * unless allowlisted. Names are checked when they are resolved ({@link assertResolvesPublic}).
 */
export function parseWebhookUrl(input: string, allowedHosts: readonly string[]): URL {
  if (input.length > MAX_URL_LENGTH) {
    throw new WebhookTargetError(`the URL is longer than ${MAX_URL_LENGTH} characters`);
  }
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new WebhookTargetError('not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new WebhookTargetError('only http and https URLs are accepted');
  }
  if (url.username !== '' || url.password !== '') {
    throw new WebhookTargetError('URLs with user info are not accepted');
  }
  const host = bareHostname(url);
  if (host === '') throw new WebhookTargetError('the URL has no host');
  if (isIP(host) !== 0 && isPrivateAddress(host) && !isAllowedHost(host, allowedHosts)) {
    throw new WebhookTargetError('the URL points at a private or reserved address');
  }
  return url;
}

/** How a host name is resolved: `dns.lookup` with every address (replaceable in tests). */
export type ResolveAll = (hostname: string) => Promise<LookupAddress[]>;

/** Resolves through the OS resolver, every address of both families. */
export const resolveAll: ResolveAll = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    );
  });

/**
 * Resolves a host name and refuses it when any of its addresses is private (an attacker's name
 * could hold a public and a private address). Returns the addresses; the caller connects to one
 * of exactly these (DNS pinning), so a second resolution cannot swap in another.
 */
export async function assertResolvesPublic(
  hostname: string,
  allowedHosts: readonly string[],
  resolve: ResolveAll = resolveAll,
): Promise<LookupAddress[]> {
  if (isIP(hostname) !== 0) {
    if (isPrivateAddress(hostname) && !isAllowedHost(hostname, allowedHosts)) {
      throw new WebhookTargetError('the URL points at a private or reserved address');
    }
    return [{ address: hostname, family: isIP(hostname) }];
  }
  let addresses: LookupAddress[];
  try {
    addresses = await resolve(hostname);
  } catch {
    throw new WebhookTargetError('the host name does not resolve');
  }
  if (addresses.length === 0) throw new WebhookTargetError('the host name does not resolve');
  if (isAllowedHost(hostname, allowedHosts)) return addresses;
  if (addresses.some((entry) => isPrivateAddress(entry.address))) {
    throw new WebhookTargetError('the host name resolves to a private or reserved address');
  }
  return addresses;
}
