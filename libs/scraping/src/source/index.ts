export { HttpProfileSource, MAX_REDIRECTS } from './http-profile-source';
export { companySlug } from './normalize';
export { parseProfilePage } from './profile-page.parser';
export { ProfileSource } from './profile-source';
export { RobotsPolicy, ROBOTS_MAX_REDIRECTS } from './robots.policy';
export {
  ALLOW_ALL,
  parseRobotsTxt,
  ROBOTS_MAX_BYTES,
  type RobotsRules,
  robotsProductToken,
} from './robots-rules';
export { MAX_TARGET_LENGTH, parseTarget, type ScrapeTarget } from './scrape-target';
export type {
  ScrapedCompany,
  ScrapedEducation,
  ScrapedExperience,
  ScrapedLocation,
  ScrapedProfile,
} from './profile-source';
