import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type ClientSession, type Model, type QueryFilter, Types, trusted } from 'mongoose';
import { isDuplicateKeyError } from '@scout/database';
import type { EventState } from '../event.types';
import type { EventSubject } from '../event-log.types';
import { ChangeEvent } from '../schemas/change-event.schema';

/** An event document as the log writes it. */
export type StoredEvent = Omit<ChangeEvent, 'state' | 'dispatchedAt'> & { state: EventState };

/** A lean event as the repository returns it. */
export type EventRecord = ChangeEvent & { _id: Types.ObjectId };

/** Fields a commit may refine: the payload and the history read from the stored result. */
export type CommitFields = Pick<ChangeEvent, 'data' | 'changes' | 'snapshot'>;

interface WriteErrorShape {
  writeErrors?: Array<{ index: number; code?: unknown }> | { index: number; code?: unknown };
}

/** The history of a subject: committed events, newest (highest sequence) first. */
export function historyFilter(subject: EventSubject, before?: number): QueryFilter<ChangeEvent> {
  return {
    'subject.kind': subject.kind,
    'subject.id': subject.id,
    state: 'committed',
    ...(before !== undefined ? { sequence: trusted({ $lt: before }) } : {}),
  };
}

/**
 * Pending events staged before `cutoff`, oldest first: what the reconciler resolves. A pending
 * event is never dispatched; saying so lets the delivery index serve this query too.
 */
export function stalePendingFilter(cutoff: Date): QueryFilter<ChangeEvent> {
  return {
    state: 'pending',
    dispatchedAt: null,
    _id: trusted({ $lt: Types.ObjectId.createFromTime(Math.floor(cutoff.getTime() / 1000)) }),
  };
}

/**
 * One id by equality, several by `$in`: FerretDB pushes an equality down to its storage but
 * filters `$in` itself, after reading the whole collection.
 */
function byIds(ids: Types.ObjectId[]): Types.ObjectId | { $in: Types.ObjectId[] } {
  return ids.length === 1 ? ids[0] : { $in: ids };
}

/** The only code that touches the events collection on the recording side. */
@Injectable()
export class ChangeEventRepository {
  constructor(@InjectModel(ChangeEvent.name) private readonly events: Model<ChangeEvent>) {}

  /**
   * Inserts events as one unordered command; per event at its index, true when inserted and
   * false when its `(subject, sequence)` (or `eventId`) was taken already. Anything else throws.
   */
  async stage(docs: StoredEvent[]): Promise<boolean[]> {
    const staged = docs.map(() => true);
    if (docs.length === 0) return staged;
    try {
      await this.events.collection.insertMany(docs, { ordered: false });
      return staged;
    } catch (error) {
      const { writeErrors } = error as WriteErrorShape;
      if (!writeErrors) throw error;
      const errors = Array.isArray(writeErrors) ? writeErrors : [writeErrors];
      if (!errors.every((e) => isDuplicateKeyError(e))) throw error;
      for (const { index } of errors) staged[index] = false;
      return staged;
    }
  }

  /** Inserts committed events inside the caller's transaction. */
  async insertCommitted(docs: StoredEvent[], session: ClientSession): Promise<void> {
    if (docs.length === 0) return;
    await this.events.collection.insertMany(docs, { session });
  }

  /** Marks pending events committed, as they were staged; one statement for any number. */
  async commit(ids: Types.ObjectId[]): Promise<void> {
    if (ids.length === 0) return;
    const now = new Date();
    await this.events.collection.updateMany(
      { _id: byIds(ids), state: 'pending' },
      { $set: { state: 'committed', updatedAt: now } },
    );
  }

  /** Marks every still-pending event staged together under `stagedWith` committed. */
  async commitStaged(stagedWith: string): Promise<void> {
    await this.events.collection.updateMany(
      { stagedWith, state: 'pending' },
      { $set: { state: 'committed', updatedAt: new Date() } },
    );
  }

  /** Commits one pending event with the payload and history read from its write's result. */
  async commitWith(id: Types.ObjectId, fields: CommitFields): Promise<void> {
    const set: Record<string, unknown> = {
      state: 'committed',
      updatedAt: new Date(),
      data: fields.data,
    };
    if (fields.changes) set.changes = fields.changes;
    if (fields.snapshot) set.snapshot = fields.snapshot;
    await this.events.collection.updateOne({ _id: id, state: 'pending' }, { $set: set });
  }

  /**
   * Removes pending events whose write did not land: they were never visible, and their
   * `(subject, sequence)` slot belongs to the next write of the subject.
   */
  async discard(ids: Types.ObjectId[]): Promise<void> {
    if (ids.length === 0) return;
    await this.events.collection.deleteMany({ _id: byIds(ids), state: 'pending' });
  }

  async findStalePending(cutoff: Date, limit: number): Promise<EventRecord[]> {
    return this.events.find(stalePendingFilter(cutoff)).sort({ _id: 1 }).limit(limit).lean();
  }

  /** Whether the subject has any event after `sequence` (staged or committed). */
  async hasLater(subject: EventSubject, sequence: number): Promise<boolean> {
    const later = await this.events
      .findOne(
        {
          'subject.kind': subject.kind,
          'subject.id': subject.id,
          sequence: trusted({ $gt: sequence }),
        },
        { _id: 1 },
      )
      .lean();
    return later !== null;
  }

  /** One page of a subject's committed history, newest first, history fields included. */
  async historyPage(subject: EventSubject, limit: number, before?: number): Promise<EventRecord[]> {
    return this.events
      .find(historyFilter(subject, before), { snapshot: 0 })
      .sort({ sequence: -1 })
      .limit(limit)
      .lean();
  }

  /** The committed event that took the subject to `sequence`. */
  async findCommitted(subject: EventSubject, sequence: number): Promise<EventRecord | null> {
    return this.events
      .findOne({
        'subject.kind': subject.kind,
        'subject.id': subject.id,
        sequence,
        state: 'committed',
      })
      .lean();
  }
}
