import type { ScrapeTarget } from '@scout/profiles';

/**
 * Where profile pages come from: the port the scrape runner depends on (and the DI token), so
 * tests and other sites can bind another implementation. One call is one attempt; retries,
 * timeouts, breakers and rate limits belong to the caller's resilience policies.
 */
export abstract class ProfileSource {
  /**
   * Fetches and parses one profile. Failures are `ScrapeError`s classified by `FailureKind`;
   * when `signal` aborts, the promise rejects with the abort reason.
   */
  abstract fetch(target: ScrapeTarget, signal: AbortSignal): Promise<ScrapedProfile>;
}

// What a source hands back: one page's data, already normalized to the limits of `RULES` in
// @scout/profiles, so the landing step can store it without a second cleaning pass.

/**
 * A company named on a profile page. `publicId` comes from its `/company/<slug>` link when the
 * page has one, else from a slug of its name.
 */
export interface ScrapedCompany {
  publicId: string;
  name: string;
  /** The company's page on the profile site (only ever on the configured host). */
  url?: string;
  industry?: string;
  /** One of `SIZE_RANGES`. */
  sizeRange?: string;
  /** The company's own http(s) site. */
  website?: string;
  headquarters?: string;
}

/** A position held; dates are `YYYY` or `YYYY-MM`, no `endDate` while it lasts. */
export interface ScrapedExperience {
  title?: string;
  company?: ScrapedCompany;
  companyName?: string;
  location?: string;
  startDate?: string;
  endDate?: string;
  description?: string;
}

/** A school attended. Years are 1900..2100. */
export interface ScrapedEducation {
  school: string;
  degree?: string;
  field?: string;
  startYear?: number;
  endYear?: number;
}

/** A location; `country` is upper-case ISO 3166-1 alpha-2 or absent. */
export interface ScrapedLocation {
  city?: string;
  region?: string;
  country?: string;
}

/** One scraped profile page. */
export interface ScrapedProfile {
  publicId: string;
  url: string;
  fullName: string;
  headline?: string;
  summary?: string;
  location?: ScrapedLocation;
  currentCompany?: ScrapedCompany;
  experiences: ScrapedExperience[];
  education: ScrapedEducation[];
  skills: string[];
  /**
   * sha256 (base64url) of a stable JSON of everything above: the same page content gives the
   * same hash however the markup around it changed, so an unchanged profile is not rewritten.
   */
  contentHash: string;
}
