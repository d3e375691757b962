import type { Types } from 'mongoose';
import type { ProfileOrigin, ScrapeStatus } from './profile.rules';
import type { CompanySummary, CompanyView, ExperienceView, ProfileView } from './profiles.types';
import type { Company } from './schemas/company.schema';
import type { Profile } from './schemas/profile.schema';

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
export function companyRefs(doc: Pick<Profile, 'currentCompany' | 'experiences'>): string[] {
  const ids = new Set<string>();
  if (doc.currentCompany) ids.add(doc.currentCompany.toHexString());
  for (const experience of doc.experiences ?? []) {
    if (experience.company) ids.add(experience.company.toHexString());
  }
  return [...ids];
}

/**
 * Lean profile document → domain view, with referenced companies inlined as summaries. A
 * reference to a company that no longer exists is dropped rather than shown dangling.
 */
export function toProfileView(
  doc: Lean<Profile>,
  companies: ReadonlyMap<string, CompanySummary>,
): ProfileView {
  const summary = (id?: Types.ObjectId) => (id ? companies.get(id.toHexString()) : undefined);
  return defined({
    id: doc._id.toHexString(),
    publicId: doc.publicId,
    url: doc.url,
    fullName: doc.fullName,
    headline: doc.headline,
    summary: doc.summary,
    location: doc.location ? defined({ ...doc.location }) : undefined,
    currentCompany: summary(doc.currentCompany),
    experiences: (doc.experiences ?? []).map((e): ExperienceView =>
      defined({
        title: e.title,
        company: summary(e.company),
        companyName: e.companyName,
        location: e.location,
        startDate: e.startDate,
        endDate: e.endDate,
        description: e.description,
      }),
    ),
    education: (doc.education ?? []).map((e) => defined({ ...e })),
    skills: doc.skills ?? [],
    source: doc.source as ProfileOrigin,
    scrape: defined({
      status: (doc.scrape?.status ?? 'never') as ScrapeStatus,
      lastScrapedAt: doc.scrape?.lastScrapedAt?.toISOString(),
      lastJobId: doc.scrape?.lastJobId,
    }),
    version: doc.version,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  });
}
