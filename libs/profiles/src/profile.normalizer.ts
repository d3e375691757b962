import { createHash } from 'node:crypto';
import { sanitizeText, searchTokens } from '@scout/common';
import { RULES } from './profile.rules';
import { ProfilesErrors } from './profiles.errors';
import type { EducationView, ExperienceInput, LocationView, ProfileInput } from './profiles.types';

/** Profile content after cleaning, before company references are resolved. */
export interface NormalizedProfile {
  publicId: string;
  url?: string;
  fullName: string;
  headline?: string;
  summary?: string;
  location?: LocationView;
  currentCompany?: string;
  experiences: ExperienceInput[];
  education: EducationView[];
  skills: string[];
  source: NonNullable<ProfileInput['source']>;
}

function clean(
  value: string | null | undefined,
  field: string,
  required = false,
): string | undefined {
  // `null` (allowed on create like a missing field) means no value.
  if (value === undefined || value === null) return undefined;
  const cleaned = sanitizeText(value);
  if (cleaned.length === 0) {
    if (required) throw ProfilesErrors.emptyAfterSanitizing(field);
    return undefined;
  }
  return cleaned;
}

function cleanObject<T extends object>(value: T, prefix: string): T {
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      typeof v === 'string' ? clean(v, `${prefix}.${key}`) : v,
    ]),
  ) as T;
}

/** Trimmed, lower-case, de-duplicated skills, in first-seen order. */
export function normalizeSkills(skills: string[]): string[] {
  const seen = new Set<string>();
  for (const skill of skills) {
    const normalized = sanitizeText(skill).toLowerCase().replace(/\s+/g, ' ');
    if (normalized.length > 0 && normalized.length <= RULES.skills.maxLength) seen.add(normalized);
  }
  return [...seen];
}

/**
 * Cleans a profile as every write path needs it: free text sanitized (tags and control
 * characters out, NFC), skills normalized. A required field that is empty afterwards is a
 * validation error, reported like any other.
 */
export function normalizeProfile(input: ProfileInput): NormalizedProfile {
  return {
    publicId: input.publicId,
    url: input.url,
    fullName: clean(input.fullName, 'fullName', true)!,
    headline: clean(input.headline, 'headline'),
    summary: clean(input.summary, 'summary'),
    location: input.location ? cleanObject(input.location, 'location') : undefined,
    currentCompany: input.currentCompany,
    experiences: (input.experiences ?? []).map((e, i) => cleanObject(e, `experiences[${i}]`)),
    education: (input.education ?? []).map((e, i) => {
      const cleaned = cleanObject(e, `education[${i}]`);
      if (!cleaned.school) throw ProfilesErrors.emptyAfterSanitizing(`education[${i}].school`);
      return cleaned;
    }),
    skills: normalizeSkills(input.skills ?? []),
    source: input.source ?? 'manual',
  };
}

/** Search tokens of name and headline: what `q` prefix-matches against. */
export function profileSearchTerms(fullName: string, headline?: string): string[] {
  return [...new Set(searchTokens(`${fullName} ${headline ?? ''}`))].slice(
    0,
    RULES.searchTerms.maxItems,
  );
}

/**
 * Hash of a profile's content (not its timestamps or version): equal hashes mean a write would
 * change nothing, which is how resent batches and re-scrapes stay no-ops.
 */
export function contentHash(content: object): string {
  return createHash('sha256').update(stableJson(content)).digest('base64url');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
