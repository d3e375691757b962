export { HttpProfileSource, MAX_REDIRECTS } from './http-profile-source';
export { companySlug } from './normalize';
export { parseProfilePage } from './profile-page.parser';
export { ProfileSource } from './profile-source';
export { RobotsPolicy } from './robots.policy';
export { ScraperModule } from './scraper.module';
export type {
  ScrapedCompany,
  ScrapedEducation,
  ScrapedExperience,
  ScrapedLocation,
  ScrapedProfile,
} from './profile-source';
