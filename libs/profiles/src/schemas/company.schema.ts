import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument, Types } from 'mongoose';
import { BASE_SCHEMA_OPTIONS } from '@scout/database';
import { RULES, SIZE_RANGES } from '../profile.rules';

/** A company profiles work for; referenced by profiles, never copied into them. */
@Schema({ ...BASE_SCHEMA_OPTIONS, collection: 'companies' })
export class Company {
  _id!: Types.ObjectId;

  @Prop({ required: true, match: RULES.publicId })
  publicId!: string;

  @Prop({ required: true, minlength: 1, maxlength: RULES.shortText.max })
  name!: string;

  @Prop({ maxlength: RULES.url.max })
  url?: string;

  @Prop({ maxlength: RULES.shortText.max })
  industry?: string;

  @Prop({ enum: SIZE_RANGES })
  sizeRange?: string;

  @Prop({ maxlength: RULES.url.max })
  website?: string;

  @Prop({ maxlength: RULES.shortText.max })
  headquarters?: string;

  @Prop({ maxlength: RULES.description.max })
  description?: string;

  @Prop({ required: true, default: 1, min: 1 })
  version!: number;

  createdAt!: Date;
  updatedAt!: Date;
}

export type CompanyDocument = HydratedDocument<Company>;
export const CompanySchema = SchemaFactory.createForClass(Company);

CompanySchema.index({ publicId: 1 }, { unique: true });
CompanySchema.index({ updatedAt: -1, _id: -1 });
CompanySchema.index({ name: 1, _id: 1 });
