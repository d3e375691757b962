import { createHash } from 'node:crypto';
import { sanitizeText, searchTokens } from '@scout/common';
import { PROFILE_FIELD_NAMES, type ProfileFieldKind, fieldSpec } from './profile.fields';
import { RULES } from './profile.rules';
import { ProfilesErrors } from './profiles.errors';
import type { EducationView, ExperienceInput, LocationView, ProfileInput } from './profiles.types';

/** Lists and the source, which every normalized profile holds (empty, or `manual`). */
type Filled = 'experiences' | 'education' | 'skills' | 'source';

/** Profile content after cleaning, before company references are resolved. */
export type NormalizedProfile = Omit<ProfileInput, Filled> & Required<Pick<ProfileInput, Filled>>;

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

type Cleaner = (value: unknown, field: string, required: boolean) => unknown;

/** How each kind of content field is cleaned; `null` (allowed like a missing field) is no value. */
const CLEAN: { [K in ProfileFieldKind]: Cleaner } = {
  publicId: (value) => value,
  url: (value) => value,
  text: (value, field, required) => clean(value as string | null | undefined, field, required),
  location: (value, field) => (value ? cleanObject(value as LocationView, field) : undefined),
  companyRef: (value) => value,
  experiences: (value, field) =>
    ((value ?? []) as ExperienceInput[]).map((e, i) => cleanObject(e, `${field}[${i}]`)),
  education: (value, field) =>
    ((value ?? []) as EducationView[]).map((e, i) => {
      const cleaned = cleanObject(e, `${field}[${i}]`);
      if (!cleaned.school) throw ProfilesErrors.emptyAfterSanitizing(`${field}[${i}].school`);
      return cleaned;
    }),
  skills: (value) => normalizeSkills((value ?? []) as string[]),
  source: (value) => value ?? 'manual',
};

/**
 * Cleans a profile as every write path needs it, field by field as `PROFILE_FIELDS` declares
 * them: free text sanitized (tags and control characters out, NFC), skills normalized, lists
 * present. A required field that is empty afterwards is a validation error, reported like any
 * other.
 */
export function normalizeProfile(input: ProfileInput): NormalizedProfile {
  return Object.fromEntries(
    PROFILE_FIELD_NAMES.map((field) => {
      const spec = fieldSpec(field);
      return [field, CLEAN[spec.kind](input[field], field, spec.required === true)];
    }),
  ) as unknown as NormalizedProfile;
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
