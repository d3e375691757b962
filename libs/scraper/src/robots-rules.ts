import robotsParser from 'robots-parser';

/**
 * The part of a robots.txt that is read. RFC 9309 §2.5 asks crawlers to parse at least 500 KiB
 * and lets them ignore the rest, so a huge file cannot cost more than this.
 */
export const ROBOTS_MAX_BYTES = 500 * 1024;

/** What a site's robots.txt lets Scout fetch, for Scout's product token. */
export interface RobotsRules {
  /** Whether `url` (on the site the rules came from) may be fetched. */
  allows(url: string): boolean;
}

/** The rules when there is no robots.txt to follow (a 4xx answer, RFC 9309 §2.3.1.3). */
export const ALLOW_ALL: RobotsRules = { allows: () => true };

/**
 * The product token a robots.txt group must name to apply to Scout (RFC 9309 §2.2.1): from a
 * user agent such as `ScoutBot/0.1 (+https://…)` it is `ScoutBot`; inside a browser-style
 * `Mozilla/5.0 (compatible; ScoutBot/0.1; …)` the name after `compatible;` is the crawler's.
 * `*` when nothing usable is there, so only the catch-all group applies.
 */
export function robotsProductToken(userAgent: string): string {
  const compatible = /\(compatible;\s*([A-Za-z_-]+)/i.exec(userAgent)?.[1];
  return compatible ?? /^\s*([A-Za-z_-]+)/.exec(userAgent)?.[1] ?? '*';
}

/**
 * Reads a robots.txt body served at `robotsUrl` into rules for `productToken`: the group naming
 * the token (case-insensitive, groups with the same name merged) or else the `*` group, the
 * longest matching rule deciding and `Allow` winning a tie (RFC 9309 §2.2). A URL outside the
 * robots.txt's own origin is never allowed by these rules.
 */
export function parseRobotsTxt(robotsUrl: string, body: string, productToken: string): RobotsRules {
  const robots = robotsParser(robotsUrl, body);
  return { allows: (url) => robots.isAllowed(url, productToken) === true };
}

/**
 * The first `maxBytes` of a robots.txt as text, without the line the cut fell in (a partial
 * rule could mean something the whole one does not).
 */
export function truncateRobotsTxt(bytes: Buffer, maxBytes = ROBOTS_MAX_BYTES): string {
  if (bytes.byteLength <= maxBytes) return bytes.toString('utf8');
  const kept = bytes.subarray(0, maxBytes);
  const lastNewline = kept.lastIndexOf(0x0a);
  return kept.subarray(0, lastNewline < 0 ? 0 : lastNewline).toString('utf8');
}
