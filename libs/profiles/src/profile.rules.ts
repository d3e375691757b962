/**
 * Field rules shared by request DTOs and schemas, so the API and the database reject the same
 * things for the same reasons.
 */
export const RULES = {
  publicId: /^[a-z0-9][a-z0-9-]{2,99}$/,
  fullName: { min: 1, max: 200 },
  headline: { max: 300 },
  summary: { max: 5_000 },
  shortText: { max: 200 },
  description: { max: 5_000 },
  url: { max: 2_048 },
  skills: { maxItems: 100, maxLength: 80 },
  experiences: { maxItems: 100 },
  education: { maxItems: 100 },
  country: /^[A-Z]{2}$/,
  yearMonth: /^\d{4}(-(0[1-9]|1[0-2]))?$/,
  searchTerms: { maxItems: 64 },
} as const;

/** Where a profile's data came from. */
export const PROFILE_SOURCES = ['scrape', 'manual', 'import'] as const;
export type ProfileOrigin = (typeof PROFILE_SOURCES)[number];

/** Where a profile stands in the scraping pipeline. */
export const SCRAPE_STATUSES = ['never', 'queued', 'running', 'succeeded', 'failed'] as const;
export type ScrapeStatus = (typeof SCRAPE_STATUSES)[number];

/** Company size buckets, as profile sites show them. */
export const SIZE_RANGES = [
  '1-10',
  '11-50',
  '51-200',
  '201-500',
  '501-1000',
  '1001-5000',
  '5001-10000',
  '10001+',
] as const;
