import { DomainError, ErrorCode } from '@scout/common';
import { RULES } from './profile.rules';

/** What a source may fetch: a publicId and the one URL it maps to on the configured site. */
export interface ScrapeTarget {
  publicId: string;
  url: string;
}

/** Longest input `parseTarget` reads; longer ones are refused before any parsing. */
export const MAX_TARGET_LENGTH = 2048;

/** The configured site as the parts targets are compared with (WHATWG-normalized). */
export interface SiteOrigin {
  protocol: 'http:' | 'https:';
  /** host[:port], lower-case, default port omitted. */
  host: string;
  origin: string;
}

/** Reads `scraping.baseUrl` (already validated as an http(s) origin by the config schema). */
export function siteOrigin(baseUrl: string): SiteOrigin {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error('scraping.baseUrl must be an http(s) origin');
  }
  return { protocol: url.protocol, host: url.host, origin: url.origin };
}

/** The canonical profile URL of a publicId on the site. */
export function profileUrl(site: SiteOrigin, publicId: string): string {
  return `${site.origin}/in/${publicId}`;
}

function invalid(reason: string): never {
  throw new DomainError(ErrorCode.InvalidTarget, reason);
}

/** Whether an authority names an IP address in any spelling (dotted, decimal, hex, octal, v6). */
function isIpLiteral(authority: string): boolean {
  if (authority.startsWith('[')) return true;
  const host = authority.replace(/:\d*$/, '');
  if (/^[0-9.]+$/.test(host) || /^0x[0-9a-f]*$/i.test(host)) return true;
  try {
    // WHATWG reads `0x7f.1`, `2130706433` or `017700000001` as IPv4; that is what a fetch would do.
    return /^\d+\.\d+\.\d+\.\d+$/.test(new URL(`http://${host}/`).hostname);
  } catch {
    return false;
  }
}

/**
 * Turns user input (a bare publicId, or `<baseUrl origin>/in/<publicId>` with an optional
 * trailing slash, query and fragment) into a target. The URL is compared as written, not as a
 * URL parser would normalize it, so no spelling of another host, port, IP address, scheme,
 * userinfo or path gets through; the returned url is always rebuilt from `baseUrl`, never
 * echoed. Anything else is `INVALID_TARGET`; the reason never repeats the input.
 */
export function parseTarget(input: string, baseUrl: string): ScrapeTarget {
  const site = siteOrigin(baseUrl);
  if (typeof input !== 'string') invalid('the target must be a string');
  if (input.length > MAX_TARGET_LENGTH) {
    invalid(`the target is longer than ${MAX_TARGET_LENGTH} characters`);
  }
  const value = input.trim();
  if (value === '') invalid('the target is empty');
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f-\u009f]/u.test(value)) {
    invalid('the target contains whitespace or control characters');
  }

  if (!value.includes(':') && !value.includes('/')) {
    if (!RULES.publicId.test(value)) invalid('not a valid publicId');
    return { publicId: value, url: profileUrl(site, value) };
  }

  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(value)?.[1];
  if (scheme === undefined) invalid('not a publicId or an absolute profile URL');
  if (scheme !== 'http' && scheme !== 'https') invalid('only http(s) profile URLs are accepted');
  const parts = /^https?:\/\/([^/?#\\]*)([^?#]*)(?:[?#].*)?$/.exec(value);
  if (!parts) invalid('not a well-formed profile URL');
  const [, authority, path] = parts;
  if (authority.includes('@')) invalid('URLs with user info are not accepted');
  if (authority !== site.host && isIpLiteral(authority)) {
    invalid('IP address hosts are not accepted');
  }
  if (`${scheme}:` !== site.protocol) {
    invalid(`the profile site is served over ${site.protocol.slice(0, -1)}`);
  }
  if (authority !== site.host) invalid('not the configured profile site');
  const segment = /^\/in\/([^/]+)\/?$/.exec(path)?.[1];
  if (segment === undefined) invalid('only /in/<publicId> paths are profile URLs');
  if (!RULES.publicId.test(segment)) invalid('not a valid publicId');
  return { publicId: segment, url: profileUrl(site, segment) };
}
