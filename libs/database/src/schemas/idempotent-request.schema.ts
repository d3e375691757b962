import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';
import { BASE_SCHEMA_OPTIONS } from '../schema-options';

/**
 * Where a request that carried an `Idempotency-Key` stands: `pending` while an attempt runs,
 * `unknown` once an attempt ended without knowing whether its write was applied (the next
 * attempt runs it again), `done` with the answer to replay.
 */
export type IdempotentRequestState = 'pending' | 'unknown' | 'done';

/** One write request made safe to retry, by scope (caller, route, key) hashed into `_id`. */
@Schema({ ...BASE_SCHEMA_OPTIONS, collection: 'idempotent_requests' })
export class IdempotentRequest {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ required: true })
  fingerprint!: string;

  @Prop({ type: String, required: true, enum: ['pending', 'unknown', 'done'] })
  state!: IdempotentRequestState;

  /** When the running attempt started; a `pending` record older than the lease is abandoned. */
  @Prop({ required: true })
  claimedAt!: Date;

  /** The answer's body as JSON (absent for an empty answer) and the headers worth replaying. */
  @Prop({ type: String })
  body?: string;

  @Prop({ type: Object })
  headers?: Record<string, string>;

  /** Past this, the key may be used again for anything. */
  @Prop({ required: true })
  expiresAt!: Date;
}

export type IdempotentRequestDocument = HydratedDocument<IdempotentRequest>;
export const IdempotentRequestSchema = SchemaFactory.createForClass(IdempotentRequest);
IdempotentRequestSchema.index({ createdAt: 1 });
