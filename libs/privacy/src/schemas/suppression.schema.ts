import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { BASE_SCHEMA_OPTIONS } from '@scout/database';

/**
 * One entry of the suppression list: the keyed hash of an erased person's publicId or URL (see
 * PersonHasher), never the value itself. The hash is the `_id`, so an entry is added at most once.
 */
@Schema({ ...BASE_SCHEMA_OPTIONS, collection: 'suppressions' })
export class Suppression {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ required: true, enum: ['publicId', 'url'] })
  kind!: string;

  /** The erasure that added it. */
  @Prop({ required: true })
  erasureRequestId!: string;

  createdAt!: Date;
}

export const SuppressionSchema = SchemaFactory.createForClass(Suppression);
