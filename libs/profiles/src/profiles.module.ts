import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CachingModule } from '@scout/caching';
import { DatabaseModule } from '@scout/database';
import { EventsModule } from '@scout/events';
import { ProfileEventResolver } from './profile-event.resolver';
import { ProfileHistoryService } from './profile-history.service';
import { CompaniesService } from './companies.service';
import { CompanyReferenceLeases } from './company-reference.leases';
import { ProfileBatch } from './profile-batch.service';
import { ProfileCommands } from './profile-commands.service';
import { ProfileLookup } from './profile.lookup';
import { ProfileQueries } from './profile-queries.service';
import { ProfileRecorder } from './profile.recorder';
import { ProfileScrapeLanding } from './profile-scrape-landing.service';
import { CompanyRepository } from './repositories/company.repository';
import { ProfileRepository } from './repositories/profile.repository';
import { Company, CompanySchema } from './schemas/company.schema';
import { Profile, ProfileSchema } from './schemas/profile.schema';

/** The collections this lib owns, for its module and for the index sync step. */
export const PROFILE_MODELS = [
  { name: Company.name, schema: CompanySchema },
  { name: Profile.name, schema: ProfileSchema },
];

/**
 * People and companies: schemas, repositories and the services that hold their rules. Its
 * `SuppressionCheck` port is bound by the privacy lib's global `SuppressionModule`.
 */
@Module({
  imports: [MongooseModule.forFeature(PROFILE_MODELS), DatabaseModule, CachingModule, EventsModule],
  providers: [
    CompanyRepository,
    ProfileRepository,
    CompaniesService,
    CompanyReferenceLeases,
    ProfileLookup,
    ProfileRecorder,
    ProfileQueries,
    ProfileCommands,
    ProfileBatch,
    ProfileScrapeLanding,
    ProfileEventResolver,
    ProfileHistoryService,
  ],
  exports: [
    CompaniesService,
    CompanyReferenceLeases,
    ProfileQueries,
    ProfileCommands,
    ProfileBatch,
    ProfileScrapeLanding,
    ProfileHistoryService,
  ],
})
export class ProfilesModule {}
