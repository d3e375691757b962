export { PROFILE_SITE_POLICY, ScraperModule } from './scraper.module';
export { HttpProfileSource, MAX_REDIRECTS } from './http-profile-source';
export { companySlug } from './normalize';
export { parseProfilePage } from './profile-page.parser';
export { ProfileSource } from './profile-source';
export { RobotsPolicy } from './robots.policy';
export {
  breakerEffectOf,
  countsAgainstBreaker,
  FailureKind,
  failureKindOf,
  isRetryable,
  SCRAPE_FAILURES,
  ScrapeError,
  toScrapeError,
} from './scrape-error';
export { registerScraperMetrics } from './scraper.metrics';
export {
  type RobotsCounters,
  type RobotsFetchOutcome,
  ScraperStats,
  type ScraperStatsSnapshot,
} from './scraper.stats';
export type {
  ScrapedCompany,
  ScrapedEducation,
  ScrapedExperience,
  ScrapedLocation,
  ScrapedProfile,
} from './profile-source';
