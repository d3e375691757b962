import { Module } from '@nestjs/common';
import { AppConfig } from '@scout/config';
import { OutboundPolicies, OutboundPolicy, ResilienceModule } from '@scout/resilience';
import { HttpProfileSource } from './http-profile-source';
import { ProfileSource } from './profile-source';
import { RobotsPolicy } from './robots.policy';
import { SCRAPE_FAILURES } from './scrape-error';
import { ScraperStats } from './scraper.stats';

/** The outbound policy of every request to the profile site: its breakers, rate budget, stats. */
export const PROFILE_SITE_POLICY = 'profile-site';

/**
 * Page fetching for the worker only: the profile source bound to its HTTP implementation, the
 * robots.txt policy, and the profile site's outbound policy, built from the `scraping` settings
 * with the scraper's failure kinds. The api never imports it, so it boots no outbound client.
 */
@Module({
  imports: [ResilienceModule],
  providers: [
    {
      provide: OutboundPolicy,
      useFactory: (policies: OutboundPolicies, config: AppConfig) =>
        policies.get(PROFILE_SITE_POLICY, config.scraping, SCRAPE_FAILURES),
      inject: [OutboundPolicies, AppConfig],
    },
    ScraperStats,
    RobotsPolicy,
    { provide: ProfileSource, useClass: HttpProfileSource },
  ],
  exports: [ProfileSource, RobotsPolicy, OutboundPolicy, ScraperStats],
})
export class ScraperModule {}
