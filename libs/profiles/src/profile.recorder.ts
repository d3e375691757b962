import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@scout/common';
import type { BulkWriteOutcome } from '@scout/database';
import { type Actor, EventLog } from '@scout/events';
import { createdEvent, deletedEvent, refinedFrom, updatedEvent } from './profile-events';
import { ProfilesErrors } from './profiles.errors';
import type { BatchWrite } from './repositories/profile-batch.plan';
import { ProfileRepository } from './repositories/profile.repository';
import type { UpdateOutcome } from './repositories/repository.helpers';
import type { ContentChanges, ProfileContent, ScrapeState, StoredProfile } from './stored-profile';

/** How often a write whose next version another writer holds is tried in all. */
export const UPDATE_ATTEMPTS = 3;
/** Pause before trying a write again whose next version another writer holds, per attempt. */
const BUSY_BACKOFF_MS = 50;

/**
 * Waits before attempt `attempt + 1` of a write that failed with `error`, when that failure was
 * another writer holding the next version (a batch in flight) and attempts are left; rethrows
 * anything else.
 */
export async function backOffWhenBusy(error: unknown, attempt: number): Promise<void> {
  const busy = error instanceof DomainError && error.code === ErrorCode.Conflict;
  if (!busy || attempt >= UPDATE_ATTEMPTS) throw error;
  await new Promise((resolve) => setTimeout(resolve, attempt * BUSY_BACKOFF_MS));
}

/**
 * Writes profiles with their change events: every write records its event (who made it, the
 * field-level diff and the stored result) through the EventLog, in the same step as the write.
 */
@Injectable()
export class ProfileRecorder {
  constructor(
    private readonly profiles: ProfileRepository,
    private readonly events: EventLog,
  ) {}

  /**
   * Inserts a new profile with its `profile.created` event; `scrape` is the state of the scrape
   * that found it, stored in the same write.
   */
  create(content: ProfileContent, actor: Actor, scrape?: ScrapeState): Promise<StoredProfile> {
    const id = this.profiles.newId();
    const at = new Date();
    const event = createdEvent(this.profiles.previewCreate(id, content, at, scrape), actor);
    return this.events.record({
      events: [event],
      write: (session) => this.profiles.create(id, content, at, session, scrape),
      settle: (created) => [refinedFrom(event, null, created)],
    });
  }

  /**
   * Updates a profile read at `current.version` with its `profile.updated` event; throws a
   * conflict when another writer holds the next version (a batch in flight). Callers hold the
   * profile's lock. `scrape`, for content a scrape brought, is stored in the same write.
   */
  update(
    current: StoredProfile,
    changes: ContentChanges,
    actor: Actor,
    scrape?: ScrapeState,
  ): Promise<UpdateOutcome<StoredProfile>> {
    const at = new Date();
    const after = this.profiles.previewUpdate(current, changes, at, scrape);
    const event = updatedEvent(current, after, actor);
    return this.events.record({
      events: [event],
      write: (session, staged) => {
        if (!staged[0]) throw ProfilesErrors.busy();
        return this.profiles.update(current.id, changes, current.version, session, at, scrape);
      },
      settle: (outcome) => [
        outcome.status === 'updated' ? refinedFrom(event, current, outcome.value) : null,
      ],
    });
  }

  /**
   * Deletes a profile read at `current.version` with its `profile.deleted` event; the deleted
   * profile, or null when it had moved on. Callers hold the profile's lock.
   */
  delete(current: StoredProfile, actor: Actor): Promise<StoredProfile | null> {
    const event = deletedEvent(current, actor);
    return this.events.record({
      events: [event],
      write: (session, staged) => {
        if (!staged[0]) throw ProfilesErrors.busy();
        return this.profiles.delete(current.id, current.version, session);
      },
      settle: (removed) => [removed ? event : null],
    });
  }

  /**
   * Writes a batch with one event per written profile, staged in bulk before the write. A batch
   * keeps per-item outcomes, which one refused item would turn into the whole batch's failure
   * inside a transaction, so it always takes the staged (pending, then committed) path.
   */
  writeBatch(writes: BatchWrite[], actor: Actor): Promise<BulkWriteOutcome> {
    const prepared = this.profiles.prepareBatch(writes, new Date());
    const evented = writes.flatMap((write, i) => {
      const after = prepared.after[i];
      if (!after) return [];
      const event =
        write.kind === 'insert'
          ? createdEvent(after, actor)
          : updatedEvent(write.before, after, actor);
      return [{ position: i, event }];
    });
    return this.events.record(
      {
        events: evented.map(({ event }) => event),
        write: (session, staged) => {
          const include = writes.map(() => false);
          evented.forEach(({ position }, j) => (include[position] = staged[j]));
          return this.profiles.writeBatch(prepared, include, session);
        },
        settle: (outcome) =>
          evented.map(({ position, event }) => (outcome[position] ? null : event)),
      },
      { transaction: false },
    );
  }
}
