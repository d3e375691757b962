import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { type ClientSession, Types } from 'mongoose';
import { AppConfig } from '@scout/config';
import { isOutcomeUnknown, TransactionRunner } from '@scout/database';
import type { EventSubjectKind, EventType } from './event.types';
import type {
  EventDraft,
  EventedWrite,
  EventSubject,
  PendingEvent,
  ReconcileReport,
  Resolution,
} from './event-log.types';
import {
  ChangeEventRepository,
  type EventRecord,
  type StoredEvent,
} from './repositories/change-event.repository';

/** Pending events one reconciliation round looks at; the next round takes the rest. */
const RECONCILE_BATCH = 200;

/**
 * How the owner of a subject kind answers for its pending events. `exclusive` runs work while
 * no writer of that subject can (the writers' own per-subject lock), so the answer of `resolve`
 * still holds when the log acts on it.
 */
export interface SubjectResolver {
  exclusive<R>(subjectId: string, work: () => Promise<R>): Promise<R>;
  resolve(event: PendingEvent): Promise<Resolution>;
}

/**
 * The outbox: records each change event with the write that causes it, so that no write lands
 * without its event and no event is delivered for a write that did not land, on every server
 * Scout supports.
 *
 * - With transactions (replica set, sharded cluster), the write runs first and its events are
 *   inserted `committed` in the same transaction: both land or neither does.
 * - Without (FerretDB, a standalone server), each event is staged `pending` before the write,
 *   committed after the write landed, and removed when it definitively did not (an error that
 *   is not "outcome unknown", or the write's result saying so). A process that dies in between,
 *   or a write whose outcome is unknown, leaves the event pending; {@link reconcile} resolves
 *   it later by asking the subject's owner whether the write landed.
 *
 * Why that is sound: `(subject, sequence)` is unique, and every write that moves a subject to
 * its next sequence stages that sequence first. So at most one writer at a time holds a
 * subject's next step, staging fails for every other writer (who then re-reads and retries or
 * reports a conflict), and a pending event answers "did the write at this step land?" without
 * ambiguity: for profiles, the step is the version, and only the holder can have taken the
 * profile to it. Writers also hold the per-subject lock where the server's conditional writes
 * are not atomic, and the reconciler takes the same lock and waits `EVENTS_RECONCILE_AFTER_MS`
 * (longer than any write deadline) so it never judges a write still in flight. Delivery reads
 * only committed events, so a pending one is never sent early.
 */
@Injectable()
export class EventLog {
  private readonly logger = new Logger('EventLog');
  private readonly resolvers = new Map<EventSubjectKind, SubjectResolver>();

  constructor(
    private readonly events: ChangeEventRepository,
    private readonly transactions: TransactionRunner,
    private readonly config: AppConfig,
  ) {}

  /** Lets the lib that owns a subject kind answer for its pending events (once per process). */
  registerResolver(kind: EventSubjectKind, resolver: SubjectResolver): void {
    this.resolvers.set(kind, resolver);
  }

  /**
   * Runs `plan.write` with its events recorded as described on the class (`transaction: false`
   * takes the staged path on every server, for writes that must not fail as a whole). Returns
   * the write's result; throws what the write threw. A failure to commit after the write landed is logged,
   * not thrown: the write happened, and its events stay pending until the reconciler commits
   * them.
   */
  async record<T>(
    plan: EventedWrite<T, ClientSession>,
    options: { transaction?: boolean } = {},
  ): Promise<T> {
    if (options.transaction !== false && (await this.transactions.supportsTransactions())) {
      return this.transactions.withTransaction(async (session) => {
        const result = await plan.write(
          session,
          plan.events.map(() => true),
        );
        const landed = plan.settle(result).filter((e): e is EventDraft => e !== null);
        await this.events.insertCommitted(
          landed.map((draft) => toStored(draft, 'committed')),
          session!,
        );
        return result;
      });
    }
    const stagedWith = plan.events.length > 1 ? randomUUID() : undefined;
    const docs = plan.events.map((draft) => {
      const doc = toStored(draft, 'pending');
      if (stagedWith) doc.stagedWith = stagedWith;
      return doc;
    });
    const staged = await this.events.stage(docs);
    const mine = docs.filter((_, i) => staged[i]);
    let result: T;
    try {
      result = await plan.write(undefined, staged);
    } catch (error) {
      if (!isOutcomeUnknown(error)) {
        await this.events.discard(mine.map((doc) => doc._id)).catch((e: Error) => this.warn(e));
      }
      throw error;
    }
    await this.settle(plan, docs, staged, plan.settle(result)).catch((e: Error) => this.warn(e));
    return result;
  }

  /**
   * Resolves pending events older than `EVENTS_RECONCILE_AFTER_MS`: each is committed when its
   * write landed and removed when it did not, as the subject's owner answers under its lock.
   * Run by the worker's sweeper; several processes running it at once is harmless.
   */
  async reconcile(now: Date = new Date()): Promise<ReconcileReport> {
    const cutoff = new Date(now.getTime() - this.config.events.reconcileAfterMs);
    const pending = await this.events.findStalePending(cutoff, RECONCILE_BATCH);
    const report: ReconcileReport = { checked: 0, committed: 0, discarded: 0, unresolved: 0 };
    for (const event of pending) {
      report.checked++;
      const resolver = this.resolvers.get(event.subject.kind as EventSubjectKind);
      if (!resolver) {
        report.unresolved++;
        continue;
      }
      const resolution = await resolver.exclusive(event.subject.id, async () => {
        const answer = await resolver.resolve(toPending(event));
        if (answer === 'landed') await this.events.commit([event._id]);
        else await this.events.discard([event._id]);
        return answer;
      });
      if (resolution === 'landed') report.committed++;
      else report.discarded++;
    }
    if (report.committed + report.discarded > 0) {
      this.logger.warn(report, 'resolved change events left pending');
    }
    return report;
  }

  /**
   * Whether the subject has an event after `sequence`: a later write was planned on top of the
   * state this one produced, so this one landed. For resolvers whose sequence is a version.
   */
  hasLaterEvent(subject: EventSubject, sequence: number): Promise<boolean> {
    return this.events.hasLater(subject, sequence);
  }

  private async settle<T>(
    plan: EventedWrite<T, ClientSession>,
    docs: StoredEvent[],
    staged: readonly boolean[],
    finals: ReadonlyArray<EventDraft | null>,
  ): Promise<void> {
    const asStaged: Types.ObjectId[] = [];
    const discarded: Types.ObjectId[] = [];
    const refined: Array<{ id: Types.ObjectId; final: EventDraft }> = [];
    docs.forEach((doc, i) => {
      if (!staged[i]) return;
      const final = finals[i];
      if (!final) discarded.push(doc._id);
      else if (final === plan.events[i]) asStaged.push(doc._id);
      else refined.push({ id: doc._id, final });
    });
    await this.events.discard(discarded);
    for (const { id, final } of refined) {
      await this.events.commitWith(id, {
        data: final.data,
        changes: final.changes,
        snapshot: final.snapshot,
      });
    }
    // Events staged together are committed by their marker (one statement the server filters
    // by equality) once the ones that did not land are gone and the refined ones are done.
    const stagedWith = docs[0]?.stagedWith;
    if (stagedWith && asStaged.length > 0) await this.events.commitStaged(stagedWith);
    else await this.events.commit(asStaged);
  }

  private warn(error: Error): void {
    this.logger.warn(
      { errName: error.name, errMessage: error.message },
      'change events left pending; the reconciler resolves them',
    );
  }
}

function toStored(draft: EventDraft, state: 'pending' | 'committed'): StoredEvent {
  const now = new Date();
  const doc: StoredEvent = {
    _id: new Types.ObjectId(),
    eventId: randomUUID(),
    type: draft.type,
    subject: { kind: draft.subject.kind, id: draft.subject.id },
    sequence: draft.sequence,
    actor: draft.actor,
    occurredAt: draft.occurredAt ?? now,
    data: draft.data,
    state,
    createdAt: now,
    updatedAt: now,
  };
  if (draft.changes) doc.changes = draft.changes;
  if (draft.snapshot) doc.snapshot = draft.snapshot;
  return doc;
}

function toPending(event: EventRecord): PendingEvent {
  return {
    eventId: event.eventId,
    type: event.type as EventType,
    subject: { kind: event.subject.kind as EventSubjectKind, id: event.subject.id },
    sequence: event.sequence,
    occurredAt: event.occurredAt,
    data: event.data,
  };
}
