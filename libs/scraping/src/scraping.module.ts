import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DatabaseModule } from '@scout/database';
import { EventsModule } from '@scout/events';
import { FlagsModule } from '@scout/flags';
import { ProfilesModule } from '@scout/profiles';
import { ScrapeJobRepository } from './repositories/scrape-job.repository';
import {
  IdempotencyRecord,
  IdempotencyRecordSchema,
  ScrapeJob,
  ScrapeJobSchema,
} from './schemas/scrape-job.schema';
import { MaintenanceQueue } from './maintenance.queue';
import { QueueConnection } from './queue-connection';
import { QueueOverview } from './queue-overview';
import { ScrapeJobEventResolver } from './scrape-job-events';
import { ScrapeJobRelayService } from './scrape-job-relay.service';
import { ScrapeJobReplaysService } from './scrape-job-replays.service';
import { ScrapeJobsService } from './scrape-jobs.service';
import { ScrapeRequestsService } from './scrape-requests.service';
import { ScrapeQueue } from './scrape.queue';

/** The collections this lib owns, for its module and for the index sync step. */
export const SCRAPING_MODELS = [
  { name: ScrapeJob.name, schema: ScrapeJobSchema },
  { name: IdempotencyRecord.name, schema: IdempotencyRecordSchema },
];

/**
 * Scraping: the job records, the typed queue producers (one per queue) and the request rules.
 * The api uses the service to accept requests; the worker's runner moves the job records through
 * the exported repository. Nothing here fetches a page, so the api boots no outbound client.
 */
@Module({
  imports: [
    MongooseModule.forFeature(SCRAPING_MODELS),
    DatabaseModule,
    ProfilesModule,
    FlagsModule,
    EventsModule,
  ],
  providers: [
    ScrapeJobRepository,
    QueueConnection,
    ScrapeQueue,
    MaintenanceQueue,
    QueueOverview,
    ScrapeJobRelayService,
    ScrapeRequestsService,
    ScrapeJobReplaysService,
    ScrapeJobsService,
    ScrapeJobEventResolver,
  ],
  exports: [ScrapeJobsService, ScrapeJobRepository, ScrapeQueue, MaintenanceQueue, QueueOverview],
})
export class ScrapingModule {}
