import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, type QueryFilter, Types, trusted } from 'mongoose';
import { BulkWriter, isDuplicateKeyError } from '@scout/database';
import { WebhookDelivery } from '../schemas/webhook-delivery.schema';
import { type DeliveryStatus, OPEN_DELIVERY_STATUSES } from '../webhooks.constants';
import type { AttemptRecord, DeliveryRecord, NewDelivery } from '../webhooks.types';

type LeanDelivery = WebhookDelivery & { _id: Types.ObjectId };

function iso(date: Date | undefined): string | undefined {
  return date ? date.toISOString() : undefined;
}

function toRecord(doc: LeanDelivery): DeliveryRecord {
  const record: DeliveryRecord = {
    id: doc._id.toHexString(),
    webhookId: doc.webhookId,
    eventId: doc.eventId,
    eventType: doc.eventType,
    subject: { kind: doc.subject.kind, id: doc.subject.id },
    sequence: doc.sequence,
    status: doc.status as DeliveryStatus,
    attempts: doc.attempts,
    body: doc.body,
    createdAt: doc.createdAt.toISOString(),
  };
  const optional = {
    nextAttemptAt: iso(doc.nextAttemptAt),
    lastAttemptAt: iso(doc.lastAttemptAt),
    lastResponseCode: doc.lastResponseCode,
    lastLatencyMs: doc.lastLatencyMs,
    lastError: doc.lastError,
    deliveredAt: iso(doc.deliveredAt),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined && value !== null) Object.assign(record, { [key]: value });
  }
  return record;
}

/** The only code that touches the webhook_deliveries collection. */
@Injectable()
export class WebhookDeliveryRepository {
  constructor(
    @InjectModel(WebhookDelivery.name) private readonly deliveries: Model<WebhookDelivery>,
    private readonly bulk: BulkWriter,
  ) {}

  /**
   * Records new deliveries, unordered; one that exists already (same webhook and event, from an
   * earlier dispatch of the event) is left as it is. Returns the ids actually inserted.
   */
  async insertNew(items: readonly NewDelivery[]): Promise<string[]> {
    const now = new Date();
    const ops = items.map((item) => ({
      insertOne: {
        document: {
          _id: new Types.ObjectId(item.id),
          webhookId: item.webhookId,
          eventId: item.eventId,
          eventType: item.eventType,
          subject: item.subject,
          sequence: item.sequence,
          body: item.body,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          createdAt: now,
          updatedAt: now,
        },
      },
    }));
    const outcome = await this.bulk.write(ops, (chunk) =>
      this.deliveries.collection.bulkWrite(chunk, { ordered: false }),
    );
    const inserted: string[] = [];
    outcome.forEach((error, index) => {
      if (error === null) inserted.push(items[index].id);
      else if (!isDuplicateKeyError(error)) throw error;
    });
    return inserted;
  }

  async findById(id: string): Promise<DeliveryRecord | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await this.deliveries.findById(new Types.ObjectId(id)).lean<LeanDelivery>();
    return doc ? toRecord(doc) : null;
  }

  /** A webhook's deliveries, newest first, optionally of one status. */
  async listPage(
    webhookId: string,
    limit: number,
    options: { status?: DeliveryStatus; afterId?: string },
  ): Promise<{ items: DeliveryRecord[]; hasMore: boolean }> {
    const filter: QueryFilter<WebhookDelivery> = { webhookId };
    if (options.status) filter.status = options.status;
    if (options.afterId) filter._id = trusted({ $lt: new Types.ObjectId(options.afterId) });
    const docs = await this.deliveries
      .find(filter)
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean<LeanDelivery[]>();
    return { items: docs.slice(0, limit).map(toRecord), hasMore: docs.length > limit };
  }

  /** Deliveries still on their way (pending or retrying), oldest first, for the sweeper. */
  async findOpenPage(limit: number, afterId?: string): Promise<DeliveryRecord[]> {
    const filter: QueryFilter<WebhookDelivery> = {
      status: trusted({ $in: [...OPEN_DELIVERY_STATUSES] }),
    };
    if (afterId) filter._id = trusted({ $gt: new Types.ObjectId(afterId) });
    const docs = await this.deliveries
      .find(filter)
      .sort({ _id: 1 })
      .limit(limit)
      .lean<LeanDelivery[]>();
    return docs.map(toRecord);
  }

  /** Stores the outcome of an attempt, unless the delivery finished meanwhile. */
  async recordAttempt(id: string, attempt: AttemptRecord): Promise<void> {
    const set: Record<string, unknown> = {
      status: attempt.status,
      attempts: attempt.attempts,
      lastAttemptAt: attempt.lastAttemptAt,
      lastLatencyMs: attempt.lastLatencyMs,
    };
    const unset: Record<string, 1> = {};
    for (const key of ['lastResponseCode', 'lastError', 'nextAttemptAt', 'deliveredAt'] as const) {
      if (attempt[key] === undefined) unset[key] = 1;
      else set[key] = attempt[key];
    }
    await this.deliveries.updateOne(
      { _id: new Types.ObjectId(id), status: trusted({ $in: [...OPEN_DELIVERY_STATUSES] }) },
      { $set: set, ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}) },
    );
  }

  /** Ends an open delivery as a dead letter without an attempt (its webhook is gone or off). */
  async markDead(id: string, reason: string): Promise<void> {
    await this.deliveries.updateOne(
      { _id: new Types.ObjectId(id), status: trusted({ $in: [...OPEN_DELIVERY_STATUSES] }) },
      { $set: { status: 'dead', lastError: reason }, $unset: { nextAttemptAt: 1 } },
    );
  }

  /** Opens a delivery again for a fresh round of attempts; null when it is not the webhook's. */
  async reopen(webhookId: string, id: string): Promise<DeliveryRecord | null> {
    const doc = await this.deliveries
      .findOneAndUpdate(
        { _id: new Types.ObjectId(id), webhookId },
        {
          $set: { status: 'pending', attempts: 0, nextAttemptAt: new Date() },
          $unset: { deliveredAt: 1 },
        },
        { returnDocument: 'after' },
      )
      .lean<LeanDelivery>();
    return doc ? toRecord(doc) : null;
  }

  /** Removes a deleted webhook's deliveries. */
  async deleteForWebhook(webhookId: string): Promise<number> {
    const result = await this.deliveries.deleteMany({ webhookId });
    return result.deletedCount;
  }

  /** Removes every delivery about a subject (a person being erased). */
  async deleteForSubject(subjectId: string): Promise<number> {
    const result = await this.deliveries.deleteMany({ 'subject.id': subjectId });
    return result.deletedCount;
  }
}
