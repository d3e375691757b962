import { Module } from '@nestjs/common';
import { DatabaseModule } from '@scout/database';
import { EventsModule } from '@scout/events';
import { ProfilesModule } from '@scout/profiles';
import { ResilienceModule } from '@scout/resilience';
import { ScraperModule } from '@scout/scraper';
import { ScrapingModule } from '@scout/scraping';
import { ScrapeRunner } from './scrape.runner';

/**
 * Where the two halves of scraping meet, in the worker only: the job records of
 * `ScrapingModule` and the page fetching of `ScraperModule`. Keeping the runner here is what
 * lets the api import `ScrapingModule` without booting the scraper or the resilience policies.
 */
@Module({
  imports: [
    DatabaseModule,
    ProfilesModule,
    EventsModule,
    ResilienceModule,
    ScraperModule,
    ScrapingModule,
  ],
  providers: [ScrapeRunner],
  exports: [ScrapeRunner],
})
export class ScrapeRunnerModule {}
