import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CachingModule } from '@scout/caching';
import { DatabaseModule } from '@scout/database';
import { ProfilesModule } from '@scout/profiles';
import { ErasureEvents } from './erasure-events';
import { ErasureParticipants } from './erasure-participants';
import { ErasureService } from './erasure.service';
import { ExportService } from './export.service';
import { CacheParticipant } from './participants/cache.participant';
import { CollectionScanParticipant } from './participants/collection-scan.participant';
import {
  EventsParticipant,
  IdempotencyParticipant,
  ProfilesParticipant,
  ScrapeJobsParticipant,
} from './participants/mongo.participants';
import {
  QueueAccess,
  QueueSearchParticipant,
  QueuesParticipant,
} from './participants/queues.participant';
import { RedisKeysParticipant } from './participants/redis-keys.participant';
import { PrivacyMaintenance } from './privacy-maintenance';
import { PrivacyStats } from './privacy.stats';
import { ErasureRequestRepository } from './repositories/erasure-request.repository';
import { PersonalDataRepository } from './repositories/personal-data.repository';
import { RetentionService } from './retention.service';
import { ErasureRequest, ErasureRequestSchema } from './schemas/erasure-request.schema';
import { SUPPRESSION_MODEL, SuppressionModule } from './suppression.module';

const ERASURE_REQUEST_MODEL = { name: ErasureRequest.name, schema: ErasureRequestSchema };

/** The collections this lib owns, for the index sync step. */
export const PRIVACY_MODELS = [ERASURE_REQUEST_MODEL, SUPPRESSION_MODEL];

/**
 * People's data: erasure with receipts, the suppression list, export, retention. Imports the
 * global {@link SuppressionModule}, which binds the port the profiles and scraping libs ask
 * before storing anyone; an app without this module does not boot, so no write path runs
 * unchecked.
 */
@Module({
  imports: [
    MongooseModule.forFeature([ERASURE_REQUEST_MODEL]),
    SuppressionModule,
    DatabaseModule,
    CachingModule,
    ProfilesModule,
  ],
  providers: [
    PrivacyStats,
    ErasureRequestRepository,
    PersonalDataRepository,
    ErasureParticipants,
    QueueAccess,
    QueuesParticipant,
    QueueSearchParticipant,
    ScrapeJobsParticipant,
    IdempotencyParticipant,
    EventsParticipant,
    ProfilesParticipant,
    CacheParticipant,
    RedisKeysParticipant,
    CollectionScanParticipant,
    ErasureEvents,
    ErasureService,
    ExportService,
    RetentionService,
    PrivacyMaintenance,
  ],
  exports: [
    SuppressionModule,
    ErasureParticipants,
    ErasureService,
    ExportService,
    RetentionService,
    PrivacyMaintenance,
    PrivacyStats,
  ],
})
export class PrivacyModule {}
