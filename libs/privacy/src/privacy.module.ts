import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ProfilesModule, SuppressionCheck } from '@scout/profiles';
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
import { PersonHasher } from './person-hasher';
import { PrivacyMaintenance } from './privacy-maintenance';
import { PrivacyStats } from './privacy.stats';
import { ErasureRequestRepository } from './repositories/erasure-request.repository';
import { PersonalDataRepository } from './repositories/personal-data.repository';
import { SuppressionRepository } from './repositories/suppression.repository';
import { RetentionService } from './retention.service';
import { ErasureRequest, ErasureRequestSchema } from './schemas/erasure-request.schema';
import { Suppression, SuppressionSchema } from './schemas/suppression.schema';
import { SuppressionService } from './suppression.service';

/** The collections this lib owns, for its module and for the index sync step. */
export const PRIVACY_MODELS = [
  { name: ErasureRequest.name, schema: ErasureRequestSchema },
  { name: Suppression.name, schema: SuppressionSchema },
];

/**
 * People's data: erasure with receipts, the suppression list, export, retention. Global because
 * it binds the {@link SuppressionCheck} port that the profiles and scraping libs ask before
 * storing anyone; an app without this module does not boot, so no write path runs unchecked.
 */
@Global()
@Module({
  imports: [MongooseModule.forFeature(PRIVACY_MODELS), ProfilesModule],
  providers: [
    PersonHasher,
    PrivacyStats,
    SuppressionRepository,
    ErasureRequestRepository,
    PersonalDataRepository,
    SuppressionService,
    { provide: SuppressionCheck, useExisting: SuppressionService },
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
    SuppressionCheck,
    SuppressionService,
    ErasureParticipants,
    ErasureService,
    ExportService,
    RetentionService,
    PrivacyMaintenance,
    PrivacyStats,
  ],
})
export class PrivacyModule {}
