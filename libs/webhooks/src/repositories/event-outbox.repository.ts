import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, Types, trusted } from 'mongoose';
import { ChangeEvent } from '@scout/events';
import type { OutboxEvent } from '../webhooks.types';

type LeanEvent = ChangeEvent & { _id: Types.ObjectId };

/**
 * Webhook delivery's view of the `events` outbox: committed events not yet dispatched, and the
 * mark that they were. Reads only the receiver-facing fields of the shared contract.
 */
@Injectable()
export class EventOutboxRepository {
  constructor(@InjectModel(ChangeEvent.name) private readonly events: Model<ChangeEvent>) {}

  /** Committed events without `dispatchedAt`, in `_id` order. */
  async findUndispatched(limit: number): Promise<OutboxEvent[]> {
    const docs = await this.events
      .find(
        { state: 'committed', dispatchedAt: trusted({ $exists: false }) },
        { eventId: 1, type: 1, subject: 1, sequence: 1, occurredAt: 1, data: 1 },
      )
      .sort({ _id: 1 })
      .limit(limit)
      .lean<LeanEvent[]>();
    return docs.map((doc) => ({
      id: doc._id.toHexString(),
      eventId: doc.eventId,
      type: doc.type,
      subject: { kind: doc.subject.kind, id: doc.subject.id },
      sequence: doc.sequence,
      occurredAt: doc.occurredAt,
      data: doc.data,
    }));
  }

  /** Marks events dispatched: every matching webhook has its delivery recorded. */
  async markDispatched(ids: readonly string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.events.updateMany(
      { _id: trusted({ $in: ids.map((id) => new Types.ObjectId(id)) }) },
      { $set: { dispatchedAt: at } },
    );
  }
}
