export { CacheKeys } from './cache-keys';
export { CompaniesService } from './companies.service';
export { CompanyReferenceLeases, type LeasedCompany } from './company-reference.leases';
export {
  PROFILE_SOURCES,
  type ProfileOrigin,
  RULES,
  SCRAPE_STATUSES,
  SIZE_RANGES,
} from './profile.rules';
export { PROFILE_MODELS, ProfilesModule } from './profiles.module';
export { ProfileHistoryService } from './profile-history.service';
export { ProfileBatch } from './profile-batch.service';
export { ProfileCommands } from './profile-commands.service';
export { ProfileQueries } from './profile-queries.service';
export { ProfileScrapeLanding } from './profile-scrape-landing.service';
export {
  PROFILE_FIELDS,
  type ProfileField,
  type ProfileFieldKind,
  type ProfileFieldSpec,
} from './profile.fields';
export { type PersonRef, SuppressionCheck } from './suppression.check';
export type {
  BatchItemResult,
  CompanyInput,
  CompanyListQuery,
  CompanyPatch,
  CompanySummary,
  CompanyView,
  EducationView,
  ExperienceInput,
  ExperienceView,
  LocationView,
  ProfileChangeView,
  ProfileInput,
  ProfileListQuery,
  ProfilePatch,
  ProfileSort,
  ProfileVersionView,
  ProfileView,
  ScrapeResultInput,
} from './profiles.types';
export { COMPANY_QUERY_SHAPES, PROFILE_QUERY_SHAPES } from './repositories/query-shapes';
export {
  MAX_TARGET_LENGTH,
  parseTarget,
  profileUrl,
  type ScrapeTarget,
  siteOrigin,
  type SiteOrigin,
} from './scrape-target';
