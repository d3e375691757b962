import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument, Types } from 'mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import { BASE_SCHEMA_OPTIONS } from '@scout/database';
import { EVENT_STATES, EVENT_SUBJECT_KINDS, EVENT_TYPES } from '../event.types';

/**
 * One change event, recorded with the write that causes it (a transactional outbox) and
 * delivered from here at least once. `eventId` is what receivers deduplicate on; `(subject,
 * sequence)` is unique, so two writers can never publish the same step of one subject twice.
 */
@Schema({ ...BASE_SCHEMA_OPTIONS, collection: 'events' })
export class ChangeEvent {
  _id!: Types.ObjectId;

  @Prop({ required: true })
  eventId!: string;

  @Prop({ required: true, enum: EVENT_TYPES })
  type!: string;

  @Prop({
    type: { kind: { type: String, enum: EVENT_SUBJECT_KINDS }, id: String },
    required: true,
    _id: false,
  })
  subject!: { kind: string; id: string };

  @Prop({ required: true })
  sequence!: number;

  /** Who caused it: `api-key:<id>`, `scrape-job:<id>`, `scheduler`. */
  @Prop({ required: true })
  actor!: string;

  @Prop({ required: true })
  occurredAt!: Date;

  /** The receiver-facing payload (see docs/webhooks.md for each type). */
  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  data!: Record<string, unknown>;

  @Prop({ required: true, enum: EVENT_STATES })
  state!: string;

  /** When every matching webhook had its delivery recorded; absent until then. */
  @Prop()
  dispatchedAt?: Date;

  /**
   * History, never sent to receivers: each field the write changed, with its stored value
   * before and after (JSON values; `null` when absent).
   */
  @Prop({ type: [MongooseSchema.Types.Mixed], default: undefined })
  changes?: Array<{ field: string; from: unknown; to: unknown }>;

  /** History, never sent to receivers: the subject's stored document after the write. */
  @Prop({ type: MongooseSchema.Types.Mixed })
  snapshot?: Record<string, unknown>;

  /**
   * Staging only, never sent to receivers: the events one write staged together (a batch), so
   * they are committed in one statement by an equality the server can push down.
   */
  @Prop()
  stagedWith?: string;

  createdAt!: Date;
  updatedAt!: Date;
}

export type ChangeEventDocument = HydratedDocument<ChangeEvent>;
export const ChangeEventSchema = SchemaFactory.createForClass(ChangeEvent);

ChangeEventSchema.index({ eventId: 1 }, { unique: true });
ChangeEventSchema.index({ 'subject.kind': 1, 'subject.id': 1, sequence: 1 }, { unique: true });
ChangeEventSchema.index({ state: 1, dispatchedAt: 1, _id: 1 });
ChangeEventSchema.index({ 'subject.kind': 1, occurredAt: 1 });
ChangeEventSchema.index({ stagedWith: 1 });
