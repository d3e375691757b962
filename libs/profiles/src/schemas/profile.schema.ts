import { Prop, type PropOptions, Schema, SchemaFactory } from '@nestjs/mongoose';
import { type HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';
import { BASE_SCHEMA_OPTIONS } from '@scout/database';
import {
  fieldSpec,
  type ProfileField,
  type ProfileFieldKind,
  type ProfileFieldSpec,
} from '../profile.fields';
import { PROFILE_SOURCES, RULES, SCRAPE_STATUSES } from '../profile.rules';
import { Company } from './company.schema';

/** Where a person is. */
@Schema({ _id: false })
export class Location {
  @Prop({ maxlength: RULES.shortText.max })
  city?: string;

  @Prop({ maxlength: RULES.shortText.max })
  region?: string;

  @Prop({ match: RULES.country })
  country?: string;
}
const LocationSchema = SchemaFactory.createForClass(Location);

/** One position held; `company` references a known company when there is one. */
@Schema({ _id: false })
export class Experience {
  @Prop({ maxlength: RULES.shortText.max })
  title?: string;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: Company.name })
  company?: Types.ObjectId;

  @Prop({ maxlength: RULES.shortText.max })
  companyName?: string;

  @Prop({ maxlength: RULES.shortText.max })
  location?: string;

  @Prop({ match: RULES.yearMonth })
  startDate?: string;

  @Prop({ match: RULES.yearMonth })
  endDate?: string;

  @Prop({ maxlength: RULES.description.max })
  description?: string;
}
const ExperienceSchema = SchemaFactory.createForClass(Experience);

/** One school attended. */
@Schema({ _id: false })
export class Education {
  @Prop({ required: true, maxlength: RULES.shortText.max })
  school!: string;

  @Prop({ maxlength: RULES.shortText.max })
  degree?: string;

  @Prop({ maxlength: RULES.shortText.max })
  field?: string;

  @Prop({ min: 1900, max: 2100 })
  startYear?: number;

  @Prop({ min: 1900, max: 2100 })
  endYear?: number;
}
const EducationSchema = SchemaFactory.createForClass(Education);

/** Scraping bookkeeping for a profile. */
@Schema({ _id: false })
export class ScrapeState {
  @Prop({ enum: SCRAPE_STATUSES, default: 'never' })
  status!: string;

  @Prop()
  lastScrapedAt?: Date;

  @Prop()
  lastJobId?: string;

  @Prop()
  contentHash?: string;
}
const ScrapeStateSchema = SchemaFactory.createForClass(ScrapeState);

const arrayMax = (max: number) => ({
  validator: (value: unknown[]) => value.length <= max,
  message: `must hold at most ${max} items`,
});

const listOf = (type: unknown, maxItems?: number): PropOptions => ({
  type: [type],
  default: [],
  validate: arrayMax(maxItems ?? Number.POSITIVE_INFINITY),
});

/** The Mongoose options of each kind of content path, from its bounds in PROFILE_FIELDS. */
const PROP_OF: { [K in ProfileFieldKind]: (spec: ProfileFieldSpec) => PropOptions } = {
  publicId: (spec) => ({ required: spec.required, match: RULES.publicId }),
  url: (spec) => ({ maxlength: spec.max }),
  text: (spec) => ({
    ...(spec.required && { required: true }),
    ...(spec.min !== undefined && { minlength: spec.min }),
    maxlength: spec.max,
  }),
  location: () => ({ type: LocationSchema }),
  companyRef: () => ({ type: MongooseSchema.Types.ObjectId, ref: Company.name }),
  experiences: (spec) => listOf(ExperienceSchema, spec.maxItems),
  education: (spec) => listOf(EducationSchema, spec.maxItems),
  skills: (spec) => listOf(String, spec.maxItems),
  source: () => ({ required: true, enum: PROFILE_SOURCES, default: 'manual' }),
};

/** The schema options of a content field, as `PROFILE_FIELDS` declares it. */
export function contentProp(field: ProfileField): PropOptions {
  const spec = fieldSpec(field);
  return PROP_OF[spec.kind](spec);
}

/** A person's professional profile; its content paths come from `PROFILE_FIELDS`. */
@Schema({ ...BASE_SCHEMA_OPTIONS, collection: 'profiles' })
export class Profile {
  _id!: Types.ObjectId;

  @Prop(contentProp('publicId'))
  publicId!: string;

  @Prop(contentProp('url'))
  url?: string;

  @Prop(contentProp('fullName'))
  fullName!: string;

  @Prop(contentProp('headline'))
  headline?: string;

  @Prop(contentProp('summary'))
  summary?: string;

  @Prop(contentProp('location'))
  location?: Location;

  @Prop(contentProp('currentCompany'))
  currentCompany?: Types.ObjectId;

  @Prop(contentProp('experiences'))
  experiences!: Experience[];

  @Prop(contentProp('education'))
  education!: Education[];

  @Prop(contentProp('skills'))
  skills!: string[];

  @Prop({ type: [String], default: [], validate: arrayMax(RULES.searchTerms.maxItems) })
  searchTerms!: string[];

  @Prop({ type: ScrapeStateSchema, default: () => ({ status: 'never' }) })
  scrape!: ScrapeState;

  @Prop(contentProp('source'))
  source!: string;

  @Prop({ required: true })
  contentHash!: string;

  @Prop({ required: true, default: 1, min: 1 })
  version!: number;

  createdAt!: Date;
  updatedAt!: Date;
}

export type ProfileDocument = HydratedDocument<Profile>;
export const ProfileSchema = SchemaFactory.createForClass(Profile);

ProfileSchema.index({ publicId: 1 }, { unique: true });
ProfileSchema.index({ updatedAt: -1, _id: -1 });
ProfileSchema.index({ fullName: 1, _id: 1, updatedAt: -1 });
ProfileSchema.index({ currentCompany: 1, updatedAt: -1, _id: -1 });
ProfileSchema.index({ currentCompany: 1, fullName: 1, _id: 1 });
ProfileSchema.index({ skills: 1, updatedAt: -1, _id: -1 });
ProfileSchema.index({ skills: 1, fullName: 1, _id: 1 });
ProfileSchema.index({ 'location.country': 1, updatedAt: -1, _id: -1 });
ProfileSchema.index({ 'location.country': 1, fullName: 1, _id: 1 });
ProfileSchema.index({ searchTerms: 1, updatedAt: -1, _id: -1 });
ProfileSchema.index({ 'experiences.company': 1 });
ProfileSchema.index({ 'scrape.lastScrapedAt': 1 });
