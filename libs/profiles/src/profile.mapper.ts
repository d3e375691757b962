import type { Types } from 'mongoose';
import { PROFILE_FIELD_NAMES, type ProfileFieldKind, fieldSpec } from './profile.fields';
import type {
  CompanySummary,
  CompanyView,
  EducationView,
  ExperienceInput,
  LocationView,
  ProfileView,
} from './profiles.types';
import type { Company } from './schemas/company.schema';
import type { StoredProfile } from './stored-profile';

type Lean<T> = T & { _id: Types.ObjectId };

function defined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== null),
  ) as T;
}

/** Lean company document → domain view. */
export function toCompanyView(doc: Lean<Company>): CompanyView {
  return defined({
    id: doc._id.toHexString(),
    publicId: doc.publicId,
    name: doc.name,
    url: doc.url,
    industry: doc.industry,
    sizeRange: doc.sizeRange,
    website: doc.website,
    headquarters: doc.headquarters,
    description: doc.description,
    version: doc.version,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  });
}

/** Company ids a profile references, for one summary lookup per page or profile. */
export function companyRefs(
  profile: Pick<StoredProfile, 'currentCompany' | 'experiences'>,
): string[] {
  const ids = new Set<string>();
  if (profile.currentCompany) ids.add(profile.currentCompany);
  for (const experience of profile.experiences ?? []) {
    if (experience.company) ids.add(experience.company);
  }
  return [...ids];
}

type Summary = (id?: string) => CompanySummary | undefined;

/** How each kind of content field appears in a view: references as company summaries. */
const VIEW_OF: { [K in ProfileFieldKind]: (value: unknown, summary: Summary) => unknown } = {
  publicId: (value) => value,
  url: (value) => value,
  text: (value) => value,
  source: (value) => value,
  location: (value) => (value ? defined({ ...(value as LocationView) }) : undefined),
  companyRef: (value, summary) => summary(value as string | undefined),
  experiences: (value, summary) =>
    ((value ?? []) as ExperienceInput[]).map((e) => defined({ ...e, company: summary(e.company) })),
  education: (value) => ((value ?? []) as EducationView[]).map((e) => defined({ ...e })),
  skills: (value) => value ?? [],
};

/**
 * Stored profile → domain view, with referenced companies inlined as summaries. A reference to
 * a company that no longer exists is dropped rather than shown dangling.
 */
export function toProfileView(
  profile: StoredProfile,
  companies: ReadonlyMap<string, CompanySummary>,
): ProfileView {
  const summary: Summary = (id) => (id ? companies.get(id) : undefined);
  const content = Object.fromEntries(
    PROFILE_FIELD_NAMES.map((field) => [
      field,
      VIEW_OF[fieldSpec(field).kind](profile[field], summary),
    ]),
  );
  return defined({
    id: profile.id,
    ...content,
    scrape: defined({
      status: profile.scrape?.status ?? 'never',
      lastScrapedAt: profile.scrape?.lastScrapedAt?.toISOString(),
      lastJobId: profile.scrape?.lastJobId,
    }),
    version: profile.version,
    createdAt: profile.createdAt.toISOString(),
    updatedAt: profile.updatedAt.toISOString(),
  }) as ProfileView;
}
