import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, type QueryFilter, Types, trusted } from 'mongoose';
import type { EventType } from '@scout/events';
import { Webhook } from '../schemas/webhook.schema';
import type { DisabledReason } from '../webhooks.constants';
import type { WebhookInput, WebhookPatch, WebhookRecord } from '../webhooks.types';

type LeanWebhook = Webhook & { _id: Types.ObjectId };

function toRecord(doc: LeanWebhook): WebhookRecord {
  return {
    id: doc._id.toHexString(),
    url: doc.url,
    eventTypes: doc.eventTypes as EventType[],
    enabled: doc.enabled,
    ...(doc.disabledReason ? { disabledReason: doc.disabledReason } : {}),
    ...(doc.failingSince ? { failingSince: doc.failingSince.toISOString() } : {}),
    secretCiphertext: doc.secretCiphertext,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

/** The only code that touches the webhooks collection. */
@Injectable()
export class WebhookRepository {
  constructor(@InjectModel(Webhook.name) private readonly webhooks: Model<Webhook>) {}

  async create(input: WebhookInput & { secretCiphertext: string }): Promise<WebhookRecord> {
    const created = await this.webhooks.create({ ...input, enabled: input.enabled ?? true });
    return toRecord(created.toObject());
  }

  async findById(id: string): Promise<WebhookRecord | null> {
    const doc = await this.webhooks.findById(new Types.ObjectId(id)).lean<LeanWebhook>();
    return doc ? toRecord(doc) : null;
  }

  /** Newest first; `afterId` is the last id of the previous page. */
  async listPage(
    limit: number,
    afterId?: string,
  ): Promise<{ items: WebhookRecord[]; hasMore: boolean }> {
    const filter: QueryFilter<Webhook> = afterId
      ? { _id: trusted({ $lt: new Types.ObjectId(afterId) }) }
      : {};
    const docs = await this.webhooks
      .find(filter)
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean<LeanWebhook[]>();
    return { items: docs.slice(0, limit).map(toRecord), hasMore: docs.length > limit };
  }

  /** Every enabled webhook: the dispatcher matches events against them. */
  async findEnabled(): Promise<WebhookRecord[]> {
    const docs = await this.webhooks.find({ enabled: true }).lean<LeanWebhook[]>();
    return docs.map(toRecord);
  }

  async update(id: string, patch: WebhookPatch): Promise<WebhookRecord | null> {
    const set: Record<string, unknown> = {};
    const unset: Record<string, 1> = {};
    if (patch.url !== undefined) set.url = patch.url;
    if (patch.eventTypes !== undefined) set.eventTypes = patch.eventTypes;
    if (patch.enabled !== undefined) set.enabled = patch.enabled;
    if (patch.enabled === true) {
      unset.disabledReason = 1;
      unset.failingSince = 1;
    }
    const doc = await this.webhooks
      .findByIdAndUpdate(
        new Types.ObjectId(id),
        { $set: set, ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}) },
        { returnDocument: 'after' },
      )
      .lean<LeanWebhook>();
    return doc ? toRecord(doc) : null;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.webhooks.deleteOne({ _id: new Types.ObjectId(id) });
    return result.deletedCount > 0;
  }

  /** Starts the failing period at `since` unless one is running. */
  async markFailing(id: string, since: Date): Promise<void> {
    await this.webhooks.updateOne(
      { _id: new Types.ObjectId(id), failingSince: trusted({ $exists: false }) },
      { $set: { failingSince: since } },
    );
  }

  /** Ends a failing period (a delivered attempt). */
  async markHealthy(id: string): Promise<void> {
    await this.webhooks.updateOne(
      { _id: new Types.ObjectId(id), failingSince: trusted({ $exists: true }) },
      { $unset: { failingSince: 1 } },
    );
  }

  /** Disables a webhook Scout gave up on; true when this call disabled it. */
  async disable(id: string, reason: DisabledReason): Promise<boolean> {
    const result = await this.webhooks.updateOne(
      { _id: new Types.ObjectId(id), enabled: true },
      { $set: { enabled: false, disabledReason: reason } },
    );
    return result.modifiedCount > 0;
  }
}
