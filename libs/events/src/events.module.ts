import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ChangeEvent, ChangeEventSchema } from './schemas/change-event.schema';

/** The collections this lib owns, for its module and for the index sync step. */
export const EVENT_MODELS = [{ name: ChangeEvent.name, schema: ChangeEventSchema }];

/**
 * Change events: the outbox collection that profile and scrape-job writes record their events
 * in, and that webhook delivery reads from.
 */
@Module({
  imports: [MongooseModule.forFeature(EVENT_MODELS)],
  exports: [MongooseModule],
})
export class EventsModule {}
