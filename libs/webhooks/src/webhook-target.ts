import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { isNonPublicAddress as isPrivateAddress } from '@scout/resilience';
import { MAX_URL_LENGTH } from './webhooks.constants';

/** Webhook targets share the outbound guard's notion of a non-public address. */
export { isPrivateAddress };

/** A webhook URL Scout refuses to call; the message says why without repeating the URL. */
export class WebhookTargetError extends Error {
  override readonly name = 'WebhookTargetError';
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
