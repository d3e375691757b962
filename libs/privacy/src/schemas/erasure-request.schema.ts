import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, type Types } from 'mongoose';
import { BASE_SCHEMA_OPTIONS } from '@scout/database';
import { ERASURE_STATES, type ErasureSubject } from '../privacy.types';

/**
 * An erasure request and, once completed, its receipt. Written first, as `pending`, with the
 * subject's identifiers — the only copy that lets a crashed erasure resume — and completed by
 * removing them: a completed request holds keyed hashes, counts and who asked, nothing else.
 */
@Schema({ ...BASE_SCHEMA_OPTIONS, collection: 'erasure_requests' })
export class ErasureRequest {
  _id!: Types.ObjectId;

  @Prop({ required: true, enum: ERASURE_STATES })
  state!: string;

  /** Who asked: `api-key:<id>`, or `system`. */
  @Prop({ required: true })
  requestedBy!: string;

  @Prop({ required: true })
  subjectHash!: string;

  /** Only while pending (see the class note). */
  @Prop({ type: MongooseSchema.Types.Mixed })
  subject?: ErasureSubject;

  /** The id of the `profile.erased` event this erasure records (fixed up front: resumable). */
  @Prop({ required: true })
  eventId!: string;

  @Prop({ type: [String], default: [] })
  suppressions!: string[];

  /** Steps finished so far, in order; a resumed erasure skips them. */
  @Prop({ type: [String], default: [] })
  done!: string[];

  @Prop({ type: MongooseSchema.Types.Mixed, default: () => ({}) })
  removed!: Record<string, number>;

  /** Why a pending erasure waits (a running job, a failed step); no personal data. */
  @Prop()
  waitingFor?: string;

  @Prop()
  completedAt?: Date;

  createdAt!: Date;
  updatedAt!: Date;
}

export const ErasureRequestSchema = SchemaFactory.createForClass(ErasureRequest);
ErasureRequestSchema.index({ state: 1, _id: 1 });
ErasureRequestSchema.index({ completedAt: 1 });
