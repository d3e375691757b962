import { PROFILE_FIELD_NAMES, type ProfileFieldKind, fieldSpec } from './profile.fields';
import { contentHash, type NormalizedProfile, profileSearchTerms } from './profile.normalizer';
import type { ExperienceInput, ProfileInput, ProfilePatch } from './profiles.types';
import type { ProfileContent, StoredProfile } from './stored-profile';

/** Company references (ids or publicIds) a normalized profile makes, each once. */
export function referencedCompanies(profile: NormalizedProfile): string[] {
  const refs = profile.experiences.map((e) => e.company).filter((c): c is string => !!c);
  if (profile.currentCompany) refs.push(profile.currentCompany);
  return [...new Set(refs)];
}

type Resolve = (ref: string | undefined) => string | undefined;

/** How each kind of field is stored: company references as the company ids they resolve to. */
const STORED: { [K in ProfileFieldKind]: (value: unknown, resolve: Resolve) => unknown } = {
  publicId: (value) => value,
  url: (value) => value,
  text: (value) => value,
  location: (value) => value,
  companyRef: (value, resolve) => resolve(value as string | undefined),
  experiences: (value, resolve) =>
    (value as ExperienceInput[]).map((e) => ({ ...e, company: resolve(e.company) })),
  education: (value) => value,
  skills: (value) => value,
  source: (value) => value,
};

/**
 * The content stored for a normalized profile, with its references resolved through `refs`
 * (reference → company id), its search terms and the hash of it all.
 */
export function toContent(
  profile: NormalizedProfile,
  refs: ReadonlyMap<string, string>,
): ProfileContent {
  const resolve: Resolve = (ref) => (ref ? refs.get(ref) : undefined);
  const fields = Object.fromEntries(
    PROFILE_FIELD_NAMES.map((field) => [
      field,
      STORED[fieldSpec(field).kind](profile[field], resolve),
    ]),
  );
  const withoutHash = {
    ...fields,
    searchTerms: profileSearchTerms(profile.fullName, profile.headline),
  };
  return { ...withoutHash, contentHash: contentHash(withoutHash) } as ProfileContent;
}

/** The stored profile as input, with the patch applied (`null` clears a field). */
export function mergePatch(current: StoredProfile, patch: ProfilePatch): ProfileInput {
  const merged: Record<string, unknown> = Object.fromEntries(
    PROFILE_FIELD_NAMES.map((field) => [field, current[field]]),
  );
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  return merged as unknown as ProfileInput;
}
