import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DatabaseModule } from '@scout/database';
import { EventHistory } from './event-history';
import { EventLog } from './event-log';
import { ChangeEventRepository } from './repositories/change-event.repository';
import { ChangeEvent, ChangeEventSchema } from './schemas/change-event.schema';

/** The collections this lib owns, for its module and for the index sync step. */
export const EVENT_MODELS = [{ name: ChangeEvent.name, schema: ChangeEventSchema }];

/**
 * Change events: the outbox collection that profile and scrape-job writes record their events
 * in (through {@link EventLog}), that history is read from, and that webhook delivery reads.
 */
@Module({
  imports: [MongooseModule.forFeature(EVENT_MODELS), DatabaseModule],
  providers: [ChangeEventRepository, EventLog, EventHistory],
  exports: [MongooseModule, EventLog, EventHistory],
})
export class EventsModule {}
