import { RULES, type ScrapeTarget } from '@scout/profiles';
import {
  cleanText,
  companySlug,
  normalizeCountry,
  normalizeSizeRange,
  normalizeWebUrl,
} from './normalize';
import type { ScrapedCompany, ScrapedLocation, ScrapedProfile } from './profile-source';

/** What a page reader finds, already cleaned; the parser adds identity and the hash. */
export type ProfileDraft = Omit<ScrapedProfile, 'publicId' | 'url' | 'contentHash'>;

/** A company as a reader finds it on the page, before cleaning. */
export interface RawCompany {
  name?: unknown;
  /** Links that may point at the company's page on the profile site. */
  pageUrls?: unknown[];
  /** A slug the markup names explicitly (`data-company`). */
  slug?: unknown;
  industry?: unknown;
  size?: unknown;
  website?: unknown;
  headquarters?: unknown;
}

/** The slug of a `/company/<slug>` link on the profile site itself; other hosts do not count. */
function companyPageSlug(link: unknown, target: ScrapeTarget): string | undefined {
  if (typeof link !== 'string' || link.length > RULES.url.max) return undefined;
  try {
    const base = new URL(target.url);
    const url = new URL(link, base);
    if (url.origin !== base.origin || url.username || url.password) return undefined;
    const slug = /^\/company\/([^/]+)\/?$/.exec(url.pathname)?.[1];
    return slug !== undefined && RULES.publicId.test(slug) ? slug : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A company with a stable publicId: the slug of its company page when the page links one, else
 * a slug the markup names, else a slug of the name. Its `url` is only ever a page on the site.
 */
export function buildCompany(raw: RawCompany, target: ScrapeTarget): ScrapedCompany | undefined {
  const name = cleanText(raw.name, RULES.shortText.max);
  if (!name) return undefined;
  const origin = new URL(target.url).origin;
  const links = raw.pageUrls ?? [];
  const pageSlug = links.map((link) => companyPageSlug(link, target)).find(Boolean);
  const explicitSlug =
    typeof raw.slug === 'string' && RULES.publicId.test(raw.slug) ? raw.slug : undefined;
  const offSite = links.find((link) => !companyPageSlug(link, target) && normalizeWebUrl(link));
  const company: ScrapedCompany = {
    publicId: pageSlug ?? explicitSlug ?? companySlug(name),
    name,
    url: pageSlug ? `${origin}/company/${pageSlug}` : undefined,
    industry: cleanText(raw.industry, RULES.shortText.max),
    sizeRange: normalizeSizeRange(raw.size),
    website: normalizeWebUrl(raw.website) ?? normalizeWebUrl(offSite),
    headquarters: cleanText(raw.headquarters, RULES.shortText.max),
  };
  return withoutUndefined(company);
}

/** `"City, Region, CC"` (any of them optional) as a location; a trailing 2-letter part is the country. */
export function splitLocation(value: unknown): ScrapedLocation | undefined {
  const text = cleanText(value, 1000);
  if (!text) return undefined;
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const country = parts.length > 1 ? normalizeCountry(parts[parts.length - 1]) : undefined;
  if (country) parts.pop();
  return locationOf(parts[0], parts.length > 1 ? parts.slice(1).join(', ') : undefined, country);
}

/** A location from its parts, or undefined when all are empty. */
export function locationOf(
  city: unknown,
  region: unknown,
  country: unknown,
): ScrapedLocation | undefined {
  const location = withoutUndefined({
    city: cleanText(city, RULES.shortText.max),
    region: cleanText(region, RULES.shortText.max),
    country: normalizeCountry(country),
  });
  return Object.keys(location).length > 0 ? location : undefined;
}

/** A copy without undefined properties, so equal data compares (and hashes) equal. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
