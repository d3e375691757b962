export {
  EVENT_STATES,
  EVENT_SUBJECT_KINDS,
  EVENT_TYPES,
  type EventState,
  type EventSubjectKind,
  type EventType,
} from './event.types';
export type {
  Actor,
  EventDraft,
  EventedWrite,
  EventSubject,
  FieldChange,
  HistoryEntry,
  HistoryVersion,
  PendingEvent,
  ReconcileReport,
  Resolution,
} from './event-log.types';
export { EventHistory } from './event-history';
export { EventLog, type SubjectResolver } from './event-log';
export { EVENT_MODELS, EventsModule } from './events.module';
export { EVENT_INDEX_EXEMPTIONS, EVENT_QUERY_SHAPES } from './repositories/query-shapes';
export {
  ChangeEvent,
  type ChangeEventDocument,
  ChangeEventSchema,
} from './schemas/change-event.schema';
