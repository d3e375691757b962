import { isIP } from 'node:net';
import {
  type HostResolver,
  isNonPublicAddress as isPrivateAddress,
  OutboundTargetGuard,
  OutboundTargetRefusedError,
} from '@scout/common';
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

/**
 * The webhook wording of an outbound-guard refusal found along an error's cause chain (the
 * guard refuses when the sender's connection is opened), else undefined.
 */
export function targetErrorOf(error: unknown): WebhookTargetError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    if (current instanceof WebhookTargetError) return current;
    if (current instanceof OutboundTargetRefusedError) {
      return new WebhookTargetError(
        current.reason === 'unresolvable'
          ? 'the host name does not resolve'
          : 'the host name resolves to a private or reserved address',
      );
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Resolves a host name and refuses it when any of its addresses is private (an attacker's name
 * could hold a public and a private address), unless allowlisted: the outbound guard's check,
 * run when a webhook is registered. The sender's connections run the same check again when
 * they are opened, and connect to the address it approved.
 */
export async function assertResolvesPublic(
  hostname: string,
  allowedHosts: readonly string[],
  resolver?: HostResolver,
): Promise<void> {
  try {
    await new OutboundTargetGuard({ allowedHosts, resolver }).check(hostname);
  } catch (error) {
    throw targetErrorOf(error) ?? error;
  }
}
