import { Module } from '@nestjs/common';
import { ResilienceModule } from '@scout/resilience';
import { HttpProfileSource } from './http-profile-source';
import { ProfileSource } from './profile-source';
import { RobotsPolicy } from './robots.policy';

/**
 * Page fetching for the worker only: the profile source bound to its HTTP implementation and
 * the robots.txt policy, both calling out through the resilience policies. The api never
 * imports it, so it boots no outbound client.
 */
@Module({
  imports: [ResilienceModule],
  providers: [RobotsPolicy, { provide: ProfileSource, useClass: HttpProfileSource }],
  exports: [ProfileSource, RobotsPolicy],
})
export class ScraperModule {}
