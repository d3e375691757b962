import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument, Types } from 'mongoose';
import { BASE_SCHEMA_OPTIONS } from '@scout/database';
import { SCOPES } from '../scopes';

/**
 * One API key. The key itself is never stored: `prefix` finds the document, `hash` (an HMAC
 * of the whole key, see ApiKeyHasher) proves the caller holds it. Revoked keys are kept, with
 * `revokedAt`, so operators can still see what a key was.
 */
@Schema({ ...BASE_SCHEMA_OPTIONS, collection: 'api_keys' })
export class ApiKey {
  _id!: Types.ObjectId;

  @Prop({ required: true, maxlength: 100 })
  name!: string;

  @Prop({ required: true })
  prefix!: string;

  @Prop({ required: true })
  hash!: string;

  @Prop({ type: [{ type: String, enum: SCOPES }], required: true })
  scopes!: string[];

  @Prop()
  lastUsedAt?: Date;

  @Prop()
  revokedAt?: Date;

  createdAt!: Date;
  updatedAt!: Date;
}

export type ApiKeyDocument = HydratedDocument<ApiKey>;
export const ApiKeySchema = SchemaFactory.createForClass(ApiKey);

ApiKeySchema.index({ prefix: 1 }, { unique: true });
ApiKeySchema.index({ createdAt: -1, _id: -1 });
