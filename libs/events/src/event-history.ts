import { Injectable } from '@nestjs/common';
import type { EventType } from './event.types';
import type { EventSubject, HistoryEntry, HistoryVersion } from './event-log.types';
import { ChangeEventRepository, type EventRecord } from './repositories/change-event.repository';

/**
 * Reads a subject's history from its committed events: the history of a profile is the events
 * recorded with its writes, so it can never disagree with what receivers were told.
 */
@Injectable()
export class EventHistory {
  constructor(private readonly events: ChangeEventRepository) {}

  /**
   * Up to `limit` entries, newest first, before `beforeSequence` when given; `hasMore` says
   * whether older ones exist.
   */
  async page(
    subject: EventSubject,
    limit: number,
    beforeSequence?: number,
  ): Promise<{ entries: HistoryEntry[]; hasMore: boolean }> {
    const docs = await this.events.historyPage(subject, limit + 1, beforeSequence);
    return { entries: docs.slice(0, limit).map(toEntry), hasMore: docs.length > limit };
  }

  /** The entry that took the subject to `sequence`, with the subject as it was then. */
  async version(subject: EventSubject, sequence: number): Promise<HistoryVersion | null> {
    const doc = await this.events.findCommitted(subject, sequence);
    if (!doc) return null;
    return { ...toEntry(doc), ...(doc.snapshot ? { snapshot: doc.snapshot } : {}) };
  }
}

function toEntry(doc: EventRecord): HistoryEntry {
  return {
    eventId: doc.eventId,
    type: doc.type as EventType,
    sequence: doc.sequence,
    actor: doc.actor,
    occurredAt: doc.occurredAt,
    changes: doc.changes ?? [],
  };
}
