import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument, Types } from 'mongoose';
import { BASE_SCHEMA_OPTIONS } from '@scout/database';
import { EVENT_TYPES } from '@scout/events';
import { DISABLED_REASONS } from '../webhooks.constants';

/**
 * A receiver registered for some event types. The signing secret is stored encrypted
 * (`secretCiphertext`, see SecretBox), so a database dump alone cannot forge deliveries.
 */
@Schema({ ...BASE_SCHEMA_OPTIONS, collection: 'webhooks' })
export class Webhook {
  _id!: Types.ObjectId;

  @Prop({ required: true })
  url!: string;

  @Prop({ type: [String], enum: EVENT_TYPES, required: true })
  eventTypes!: string[];

  @Prop({ required: true })
  secretCiphertext!: string;

  @Prop({ required: true })
  enabled!: boolean;

  /** Set when Scout disabled the webhook itself; cleared when someone enables it again. */
  @Prop({ enum: DISABLED_REASONS })
  disabledReason?: string;

  /** Start of the current run of failed attempts; cleared by any delivered attempt. */
  @Prop()
  failingSince?: Date;

  createdAt!: Date;
  updatedAt!: Date;
}

export type WebhookDocument = HydratedDocument<Webhook>;
export const WebhookSchema = SchemaFactory.createForClass(Webhook);

WebhookSchema.index({ enabled: 1 });
