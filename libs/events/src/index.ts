export {
  EVENT_STATES,
  EVENT_SUBJECT_KINDS,
  EVENT_TYPES,
  type EventState,
  type EventSubjectKind,
  type EventType,
} from './event.types';
export { EVENT_MODELS, EventsModule } from './events.module';
export {
  ChangeEvent,
  type ChangeEventDocument,
  ChangeEventSchema,
} from './schemas/change-event.schema';
