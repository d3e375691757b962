import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Types, type Connection } from 'mongoose';

/** One committed event as the recording side writes it into the `events` outbox. */
export interface CommittedEvent {
  type: string;
  subjectId: string;
  sequence: number;
  data?: Record<string, unknown>;
}

/**
 * Writes committed events straight into the `events` collection, as the outbox protocol leaves
 * them once their write landed, for tests of delivery that do not go through a profile write.
 * Returns their event ids in order.
 */
export async function commitEvents(
  app: INestApplicationContext,
  events: readonly CommittedEvent[],
): Promise<string[]> {
  const connection = app.get<Connection>(getConnectionToken());
  const now = new Date();
  const docs = events.map((event) => ({
    eventId: randomUUID(),
    type: event.type,
    subject: {
      kind: event.type.startsWith('scrape_job.') ? 'scrape_job' : 'profile',
      id: event.subjectId,
    },
    sequence: event.sequence,
    actor: 'system',
    occurredAt: now,
    data: event.data ?? { changedFields: ['headline'] },
    state: 'committed',
    createdAt: now,
    updatedAt: now,
  }));
  for (let start = 0; start < docs.length; start += 500) {
    await connection.collection('events').insertMany(docs.slice(start, start + 500));
  }
  return docs.map((doc) => doc.eventId);
}

/** `count` updates for each of `subjects` new subjects: sequences 1..count per subject. */
export function updatesFor(
  subjects: number,
  count: number,
  type = 'profile.updated',
): CommittedEvent[] {
  const events: CommittedEvent[] = [];
  const ids = Array.from({ length: subjects }, () => new Types.ObjectId().toHexString());
  for (let sequence = 1; sequence <= count; sequence += 1) {
    for (const subjectId of ids) events.push({ type, subjectId, sequence });
  }
  return events;
}

/** The raw `events` and `webhook_deliveries` collections, for assertions on stored state. */
export function collections(app: INestApplicationContext) {
  const connection = app.get<Connection>(getConnectionToken());
  return {
    events: connection.collection('events'),
    deliveries: connection.collection('webhook_deliveries'),
    webhooks: connection.collection('webhooks'),
  };
}
