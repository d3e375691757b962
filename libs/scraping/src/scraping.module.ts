import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DatabaseModule } from '@scout/database';
import { EventsModule } from '@scout/events';
import { FlagsModule } from '@scout/flags';
import { ProfilesModule } from '@scout/profiles';
import { ResilienceModule } from '@scout/resilience';
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
import { ScrapeRunner } from './scrape.runner';
import { HttpProfileSource, ProfileSource, RobotsPolicy } from './source';

/** The collections this lib owns, for its module and for the index sync step. */
export const SCRAPING_MODELS = [
  { name: ScrapeJob.name, schema: ScrapeJobSchema },
  { name: IdempotencyRecord.name, schema: IdempotencyRecordSchema },
];

/**
 * Scraping: the job records, the typed queue producers (one per queue), the profile source and the runner.
 * The api uses the service to accept requests; the worker uses the runner to execute them.
 */
@Module({
  imports: [
    MongooseModule.forFeature(SCRAPING_MODELS),
    DatabaseModule,
    ResilienceModule,
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
    ScrapeRunner,
    ScrapeJobEventResolver,
    RobotsPolicy,
    { provide: ProfileSource, useClass: HttpProfileSource },
  ],
  exports: [ScrapeJobsService, ScrapeRunner, ScrapeQueue, MaintenanceQueue, QueueOverview],
})
export class ScrapingModule {}
