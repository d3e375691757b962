import type { EventSubjectKind, EventType } from './event.types';

/** What an event is about: a profile or a scrape job, by its ObjectId hex. */
export interface EventSubject {
  kind: EventSubjectKind;
  id: string;
}

/**
 * Who caused a write: the API key of the request, the scrape job whose page landed, the
 * re-scrape scheduler, or Scout itself. History shows it; receivers get it with the event.
 */
export type Actor = `api-key:${string}` | `scrape-job:${string}` | 'scheduler' | 'system';

/** One field a write changed, with its stored value before and after (JSON, null when absent). */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/**
 * An event as the code that causes it describes it. `changes` and `snapshot` are history,
 * kept with the event but never sent to receivers.
 */
export interface EventDraft {
  type: EventType;
  subject: EventSubject;
  /** Monotonic per subject; for profiles, the profile's version after the write. */
  sequence: number;
  actor: Actor;
  /** The receiver-facing payload. */
  data: Record<string, unknown>;
  /** Defaults to the moment the event is staged. */
  occurredAt?: Date;
  changes?: FieldChange[];
  snapshot?: Record<string, unknown>;
}

/**
 * A write and the events it causes, for {@link EventLog.record}. `write` gets the server session
 * (inside a transaction) and, per event, whether its `(subject, sequence)` slot is this write's:
 * a write must skip the part whose slot another writer holds. `settle` reads the write's result
 * and says, per event at its index, what to commit (the same draft, or one refined from the
 * stored after-document) or `null` when that part of the write definitively did not land.
 */
export interface EventedWrite<T, S = unknown> {
  events: EventDraft[];
  write(session: S | undefined, staged: readonly boolean[]): Promise<T>;
  settle(result: T): ReadonlyArray<EventDraft | null>;
}

/** What the owner of a subject says about a write whose event is still pending. */
export type Resolution = 'landed' | 'not-landed';

/** A pending event as a resolver sees it. */
export interface PendingEvent {
  eventId: string;
  type: EventType;
  subject: EventSubject;
  sequence: number;
  occurredAt: Date;
  data: Record<string, unknown>;
}

/** One committed entry of a subject's history, newest first in lists. */
export interface HistoryEntry {
  eventId: string;
  type: EventType;
  sequence: number;
  actor: string;
  occurredAt: Date;
  changes: FieldChange[];
}

/** A history entry with the subject as it was after the write (absent for deletions). */
export interface HistoryVersion extends HistoryEntry {
  snapshot?: Record<string, unknown>;
}

/** What one reconciliation round did. */
export interface ReconcileReport {
  checked: number;
  committed: number;
  discarded: number;
  /** Pending events of a kind no resolver is registered for in this process: left alone. */
  unresolved: number;
}
