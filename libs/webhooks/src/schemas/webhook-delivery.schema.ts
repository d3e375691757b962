import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument, Types } from 'mongoose';
import { BASE_SCHEMA_OPTIONS } from '@scout/database';
import { EVENT_SUBJECT_KINDS, EVENT_TYPES } from '@scout/events';
import { DELIVERY_STATUSES } from '../webhooks.constants';

/**
 * One event on its way to one webhook: the record the queue job points at, and what
 * `GET /v1/webhooks/:id/deliveries` shows. `(webhookId, eventId)` is unique, so dispatching an
 * event twice (two workers, a crash between steps) never delivers it twice as two records.
 * `body` is the exact JSON sent, so every attempt and redelivery signs the same bytes; it holds
 * the event's data, so erasing a subject erases its deliveries too (`subject.id`).
 */
@Schema({ ...BASE_SCHEMA_OPTIONS, collection: 'webhook_deliveries' })
export class WebhookDelivery {
  _id!: Types.ObjectId;

  @Prop({ required: true })
  webhookId!: string;

  @Prop({ required: true })
  eventId!: string;

  @Prop({ required: true, enum: EVENT_TYPES })
  eventType!: string;

  @Prop({
    type: { kind: { type: String, enum: EVENT_SUBJECT_KINDS }, id: String },
    required: true,
    _id: false,
  })
  subject!: { kind: string; id: string };

  @Prop({ required: true })
  sequence!: number;

  @Prop({ required: true })
  body!: string;

  @Prop({ required: true, enum: DELIVERY_STATUSES })
  status!: string;

  /** Attempts made since the delivery was recorded or last redelivered. */
  @Prop({ required: true })
  attempts!: number;

  /** When the next attempt is due (the queue job's delay); absent once finished. */
  @Prop()
  nextAttemptAt?: Date;

  @Prop()
  lastAttemptAt?: Date;

  /** HTTP status of the last attempt; absent when it got no answer (network error, timeout). */
  @Prop()
  lastResponseCode?: number;

  @Prop()
  lastLatencyMs?: number;

  /** Why the last attempt failed, in Scout's words; never the receiver's body. */
  @Prop()
  lastError?: string;

  @Prop()
  deliveredAt?: Date;

  createdAt!: Date;
  updatedAt!: Date;
}

export type WebhookDeliveryDocument = HydratedDocument<WebhookDelivery>;
export const WebhookDeliverySchema = SchemaFactory.createForClass(WebhookDelivery);

WebhookDeliverySchema.index({ webhookId: 1, eventId: 1 }, { unique: true });
WebhookDeliverySchema.index({ webhookId: 1, _id: -1 });
WebhookDeliverySchema.index({ webhookId: 1, status: 1, _id: -1 });
WebhookDeliverySchema.index({ status: 1, _id: 1 });
WebhookDeliverySchema.index({ 'subject.id': 1 });
