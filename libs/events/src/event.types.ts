/**
 * The change events Scout publishes. Receivers match on these names, so they are part of the
 * public contract: add new ones, never rename.
 */
export const EVENT_TYPES = [
  'profile.created',
  'profile.updated',
  'profile.deleted',
  'profile.erased',
  'scrape_job.succeeded',
  'scrape_job.failed',
  'scrape_job.dead',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** What an event is about; `sequence` is monotonic per subject, so receivers can drop stale ones. */
export const EVENT_SUBJECT_KINDS = ['profile', 'scrape_job'] as const;
export type EventSubjectKind = (typeof EVENT_SUBJECT_KINDS)[number];

/**
 * Where an event is in the outbox protocol. `pending`: staged before the write that causes it,
 * not yet known to have landed; `committed`: the write landed, the event may be delivered;
 * `discarded`: the write did not land, the event is never delivered.
 */
export const EVENT_STATES = ['pending', 'committed', 'discarded'] as const;
export type EventState = (typeof EVENT_STATES)[number];
