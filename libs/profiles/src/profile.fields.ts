import { RULES } from './profile.rules';
import type { ProfileInput } from './profiles.types';

/**
 * What a profile field holds, which decides how it is cleaned, stored, resolved and validated:
 * free `text`, the `publicId` slug, a `url`, a `location`, a `companyRef` (a company id or
 * publicId on input, a company id once resolved), the `experiences` and `education` lists, the
 * `skills` list and the `source` of the data.
 */
export type ProfileFieldKind =
  | 'publicId'
  | 'url'
  | 'text'
  | 'location'
  | 'companyRef'
  | 'experiences'
  | 'education'
  | 'skills'
  | 'source';

/** One content field of a profile: its kind, whether it is required, and its bounds. */
export interface ProfileFieldSpec {
  readonly kind: ProfileFieldKind;
  readonly required?: boolean;
  /** Least and most characters of a text. */
  readonly min?: number;
  readonly max?: number;
  /** Most items of a list. */
  readonly maxItems?: number;
  /** Most characters of one item of a list of strings. */
  readonly maxLength?: number;
}

/**
 * The one declaration of a profile's content: the fields a client may set, in the order change
 * events list them. The schema's paths, the request DTO's rules, the normalizer, the stored
 * content and the merge of a patch are derived from it, so a field added here reaches them all
 * (and the unit spec fails until each of them knows its kind).
 */
export const PROFILE_FIELDS = {
  publicId: { kind: 'publicId', required: true },
  url: { kind: 'url', max: RULES.url.max },
  fullName: { kind: 'text', required: true, min: RULES.fullName.min, max: RULES.fullName.max },
  headline: { kind: 'text', max: RULES.headline.max },
  summary: { kind: 'text', max: RULES.summary.max },
  location: { kind: 'location' },
  currentCompany: { kind: 'companyRef' },
  experiences: { kind: 'experiences', maxItems: RULES.experiences.maxItems },
  education: { kind: 'education', maxItems: RULES.education.maxItems },
  skills: { kind: 'skills', maxItems: RULES.skills.maxItems, maxLength: RULES.skills.maxLength },
  source: { kind: 'source' },
} as const satisfies { readonly [K in keyof Required<ProfileInput>]: ProfileFieldSpec };

/** A content field's name. */
export type ProfileField = keyof typeof PROFILE_FIELDS;

/** The content fields, in declaration order; a change to any other field is bookkeeping. */
export const PROFILE_FIELD_NAMES = Object.keys(PROFILE_FIELDS) as ProfileField[];

/** The spec of one field, typed as the general spec (for code that handles every kind). */
export function fieldSpec(field: ProfileField): ProfileFieldSpec {
  return PROFILE_FIELDS[field];
}
