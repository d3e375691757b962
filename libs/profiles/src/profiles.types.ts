import type { ProfileOrigin, ScrapeStatus } from './profile.rules';

/**
 * What the profiles domain hands out: plain, JSON-safe values (ids as strings, instants as ISO
 * strings), so they can be cached, compared and serialised without a mapping step.
 */
export interface CompanySummary {
  id: string;
  publicId: string;
  name: string;
}

/** A company as the domain returns it. */
export interface CompanyView extends CompanySummary {
  url?: string;
  industry?: string;
  sizeRange?: string;
  website?: string;
  headquarters?: string;
  description?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A location as the domain returns it. */
export interface LocationView {
  city?: string;
  region?: string;
  country?: string;
}

/** A position held, with the employer inline when it is a known company. */
export interface ExperienceView {
  title?: string;
  company?: CompanySummary;
  companyName?: string;
  location?: string;
  startDate?: string;
  endDate?: string;
  description?: string;
}

/** A school attended. */
export interface EducationView {
  school: string;
  degree?: string;
  field?: string;
  startYear?: number;
  endYear?: number;
}

/** A profile as the domain returns it. */
export interface ProfileView {
  id: string;
  publicId: string;
  url?: string;
  fullName: string;
  headline?: string;
  summary?: string;
  location?: LocationView;
  currentCompany?: CompanySummary;
  experiences: ExperienceView[];
  education: EducationView[];
  skills: string[];
  source: ProfileOrigin;
  scrape: { status: ScrapeStatus; lastScrapedAt?: string; lastJobId?: string };
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Fields of a company a client may set. */
export interface CompanyInput {
  publicId: string;
  name: string;
  url?: string;
  industry?: string;
  sizeRange?: string;
  website?: string;
  headquarters?: string;
  description?: string;
}

/** A partial company update; `null` clears an optional field. */
export type CompanyPatch = {
  [K in Exclude<keyof CompanyInput, 'publicId'>]?: CompanyInput[K] | null;
};

/** A position as a client sends it; `company` is a company id or publicId. */
export interface ExperienceInput {
  title?: string;
  company?: string;
  companyName?: string;
  location?: string;
  startDate?: string;
  endDate?: string;
  description?: string;
}

/** Fields of a profile a client may set; `currentCompany` is a company id or publicId. */
export interface ProfileInput {
  publicId: string;
  url?: string;
  fullName: string;
  headline?: string;
  summary?: string;
  location?: LocationView;
  currentCompany?: string;
  experiences?: ExperienceInput[];
  education?: EducationView[];
  skills?: string[];
  source?: ProfileOrigin;
}

/** A partial profile update; `null` clears an optional field. */
export type ProfilePatch = {
  [K in Exclude<keyof ProfileInput, 'publicId'>]?: ProfileInput[K] | null;
};

/** Sort orders the profile list offers. */
export type ProfileSort = '-updatedAt' | 'fullName';

/** Filters and paging of the profile list. */
export interface ProfileListQuery {
  company?: string;
  skill?: string;
  country?: string;
  q?: string;
  updatedSince?: Date;
  sort?: ProfileSort;
  limit: number;
  cursor?: string;
}

/** Paging of the company list. */
export interface CompanyListQuery {
  sort?: '-updatedAt' | 'name';
  limit: number;
  cursor?: string;
}

/** Outcome of one item of a batch upsert. */
export type BatchItemResult =
  | { index: number; status: 'created' | 'updated' | 'unchanged'; id: string; publicId: string }
  | { index: number; status: 'suppressed'; publicId: string }
  | {
      index: number;
      status: 'invalid';
      publicId?: string;
      errors: Array<{ field: string; message: string; code: string }>;
    };

/** A scraped page, in domain terms; company references in the profile are company publicIds. */
export interface ScrapeResultInput {
  profile: ProfileInput;
  companies: CompanyInput[];
  /** Hash of the page's normalized content, recorded as the profile's scrape state. */
  pageHash: string;
  jobId: string;
}

/** How a create treats a resource that already exists. */
export interface CreateOptions {
  /** Take an existing resource with the same publicId and content as this create's result. */
  adoptIdentical?: boolean;
}

/** One entry of a profile's history: the write that took it to `version`. */
export interface ProfileChangeView {
  version: number;
  type: string;
  /** `api-key:<id>`, `scrape-job:<id>`, `scheduler` or `system`. */
  actor: string;
  at: string;
  /** Each content field the write changed, with its stored value before and after. */
  changes: Array<{ field: string; from: unknown; to: unknown }>;
}

/** A history entry with the profile as that write left it. */
export interface ProfileVersionView extends ProfileChangeView {
  profile: ProfileView;
}
