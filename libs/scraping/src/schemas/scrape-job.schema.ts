import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument, Types } from 'mongoose';
import { BASE_SCHEMA_OPTIONS } from '@scout/database';
import { DEAD_REASONS, PRIORITIES, SCRAPE_JOB_STATUSES } from '../scraping.constants';

/** One state change of a job, kept for operators. */
@Schema({ _id: false })
export class JobTransition {
  @Prop({ required: true, enum: SCRAPE_JOB_STATUSES })
  status!: string;

  @Prop({ required: true })
  at!: Date;

  @Prop()
  note?: string;
}
const JobTransitionSchema = SchemaFactory.createForClass(JobTransition);

/** The last error of a job: a classified code and a message without page content. */
@Schema({ _id: false })
export class JobError {
  @Prop({ required: true })
  code!: string;

  @Prop({ required: true })
  message!: string;

  @Prop({ required: true })
  retryable!: boolean;
}
const JobErrorSchema = SchemaFactory.createForClass(JobError);

/**
 * The durable record of a scrape request, and the source of truth for what should be in the
 * queue (a transactional outbox): BullMQ carries the work, but a job exists once this document
 * does, whether or not Redis took it. `enqueuedAt` is absent until the queue has the job; the
 * sweeper re-enqueues every active job whose queue entry is missing. `activeKey` is the
 * target's publicId while the job is queued or running and the job's own id afterwards: a
 * unique index on it lets only one active job per target exist, atomically, on MongoDB and
 * FerretDB alike.
 */
@Schema({ ...BASE_SCHEMA_OPTIONS, collection: 'scrape_jobs' })
export class ScrapeJob {
  _id!: Types.ObjectId;

  @Prop({ type: { publicId: String, url: String }, required: true, _id: false })
  target!: { publicId: string; url: string };

  @Prop({ required: true })
  activeKey!: string;

  @Prop({ required: true, enum: SCRAPE_JOB_STATUSES })
  status!: string;

  @Prop({ required: true, enum: PRIORITIES })
  priority!: string;

  @Prop({ required: true, default: 0 })
  attempts!: number;

  @Prop({ type: JobErrorSchema })
  error?: JobError;

  @Prop({ type: { profileId: String, changed: Boolean }, _id: false })
  result?: { profileId: string; changed: boolean };

  @Prop()
  requestedBy?: string;

  @Prop()
  requestId?: string;

  /** The trace the request that created the job belongs to (when tracing is on). */
  @Prop()
  traceId?: string;

  @Prop({ type: [JobTransitionSchema], default: [] })
  transitions!: JobTransition[];

  /**
   * When Scout knew the queue took this job: set by the request's relay (MongoDB), the sweeper,
   * or the worker starting it; absent while it is recorded but not known to be enqueued.
   */
  @Prop()
  enqueuedAt?: Date;

  /** While running: the run's lease; another worker may take the job over only after it. */
  @Prop()
  leaseUntil?: Date;

  /** When the current run of deferrals (host unavailable) began; cleared once the host answers. */
  @Prop()
  deferredSince?: Date;

  /** Why the job is dead (only on dead jobs). */
  @Prop({ enum: DEAD_REASONS })
  deadReason?: string;

  @Prop()
  startedAt?: Date;

  @Prop()
  finishedAt?: Date;

  @Prop()
  durationMs?: number;

  createdAt!: Date;
  updatedAt!: Date;
}

export type ScrapeJobDocument = HydratedDocument<ScrapeJob>;
export const ScrapeJobSchema = SchemaFactory.createForClass(ScrapeJob);

ScrapeJobSchema.index({ activeKey: 1 }, { unique: true });
ScrapeJobSchema.index({ createdAt: -1, _id: -1 });
ScrapeJobSchema.index({ status: 1, createdAt: -1, _id: -1 });
// A person's jobs, for their data export and erasure: by the target's publicId (newest first),
// or by the profile a job landed.
ScrapeJobSchema.index({ 'target.publicId': 1, createdAt: -1, _id: -1 });
ScrapeJobSchema.index({ 'result.profileId': 1 });

/**
 * A replayable answer to a request that carried an `Idempotency-Key`. The unique key makes the
 * first request win; later ones with the same key get its answer.
 */
@Schema({ ...BASE_SCHEMA_OPTIONS, collection: 'idempotency_records' })
export class IdempotencyRecord {
  @Prop({ required: true })
  key!: string;

  @Prop({ required: true })
  fingerprint!: string;

  @Prop({ required: true })
  scrapeJobId!: string;

  createdAt!: Date;
}

export const IdempotencyRecordSchema = SchemaFactory.createForClass(IdempotencyRecord);
IdempotencyRecordSchema.index({ key: 1 }, { unique: true });
IdempotencyRecordSchema.index({ createdAt: 1 });
