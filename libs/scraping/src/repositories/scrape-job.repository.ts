import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, type QueryFilter, Types, trusted } from 'mongoose';
import type { CursorPosition } from '@scout/common';
import { AppConfig } from '@scout/config';
import { isDuplicateKeyError } from '@scout/database';
import type { Priority, ScrapeJobStatus } from '../scraping.constants';
import type { ScrapeJobView } from '../scrape-job.view';
import { IdempotencyRecord, ScrapeJob } from '../schemas/scrape-job.schema';

type Lean = ScrapeJob & { _id: Types.ObjectId };

function toView(doc: Lean): ScrapeJobView {
  const iso = (d?: Date) => d?.toISOString();
  const view: ScrapeJobView = {
    id: doc._id.toHexString(),
    target: { publicId: doc.target.publicId, url: doc.target.url },
    status: doc.status as ScrapeJobStatus,
    priority: doc.priority as Priority,
    attempts: doc.attempts,
    transitions: doc.transitions.map((t) => ({
      status: t.status as ScrapeJobStatus,
      at: t.at.toISOString(),
      ...(t.note ? { note: t.note } : {}),
    })),
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
  if (doc.error)
    view.error = {
      code: doc.error.code,
      message: doc.error.message,
      retryable: doc.error.retryable,
    };
  if (doc.result) view.result = { profileId: doc.result.profileId, changed: doc.result.changed };
  if (doc.requestedBy) view.requestedBy = doc.requestedBy;
  if (doc.requestId) view.requestId = doc.requestId;
  if (doc.traceId) view.traceId = doc.traceId;
  if (doc.startedAt) view.startedAt = iso(doc.startedAt);
  if (doc.finishedAt) view.finishedAt = iso(doc.finishedAt);
  if (doc.durationMs !== undefined) view.durationMs = doc.durationMs;
  return view;
}

/** A new job to record. */
export interface NewScrapeJob {
  publicId: string;
  url: string;
  priority: Priority;
  requestedBy?: string;
  requestId?: string;
  traceId?: string;
}

/** The job list's order: newest first, `_id` breaking ties. */
export const SCRAPE_JOB_LIST_SORT = { createdAt: -1, _id: -1 } as const;

/** The filter of a job list page; its shapes are declared in `query-shapes.ts`. */
export function scrapeJobListFilter(
  status: ScrapeJobStatus | undefined,
  after?: CursorPosition,
): QueryFilter<ScrapeJob> {
  const conditions: Array<QueryFilter<ScrapeJob>> = [];
  if (status) conditions.push({ status });
  if (after) {
    const [time, rawId] = after;
    const at = new Date(Number(time));
    const id = new Types.ObjectId(String(rawId));
    conditions.push({
      $or: [{ createdAt: trusted({ $lt: at }) }, { createdAt: at, _id: trusted({ $lt: id }) }],
    });
  }
  return conditions.length > 0 ? { $and: conditions } : {};
}

/** The only code that touches the scrape_jobs and idempotency_records collections. */
@Injectable()
export class ScrapeJobRepository {
  constructor(
    @InjectModel(ScrapeJob.name) private readonly jobs: Model<ScrapeJob>,
    @InjectModel(IdempotencyRecord.name) private readonly idempotency: Model<IdempotencyRecord>,
    private readonly config: AppConfig,
  ) {}

  /**
   * Records a queued job unless the target already has an active one; returns the job and
   * whether it is new. The unique `activeKey` decides races between concurrent requests.
   */
  async createActive(job: NewScrapeJob): Promise<{ job: ScrapeJobView; created: boolean }> {
    try {
      const now = new Date();
      const created = await this.jobs.create({
        target: { publicId: job.publicId, url: job.url },
        activeKey: job.publicId,
        status: 'queued',
        priority: job.priority,
        attempts: 0,
        requestedBy: job.requestedBy,
        requestId: job.requestId,
        traceId: job.traceId,
        transitions: [{ status: 'queued', at: now }],
      });
      return { job: toView(created.toObject()), created: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const active = await this.jobs.findOne({ activeKey: job.publicId }).lean();
      if (active) return { job: toView(active), created: false };
      // The active job finished between our insert and this read: try once more.
      return this.createActive(job);
    }
  }

  /** The target's queued or running job, if it has one. */
  async findActive(publicId: string): Promise<ScrapeJobView | null> {
    const doc = await this.jobs.findOne({ activeKey: publicId }).lean();
    return doc ? toView(doc) : null;
  }

  async findById(id: string): Promise<ScrapeJobView | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await this.jobs.findById(new Types.ObjectId(id)).lean();
    return doc ? toView(doc) : null;
  }

  /**
   * Moves a job to a new status if it is currently in one of `from`, appending the transition.
   * Callers serialise transitions of one job (DocumentLock), so the check and the write agree.
   */
  async transition(
    id: string,
    from: ScrapeJobStatus[],
    to: ScrapeJobStatus,
    changes: {
      note?: string;
      error?: ScrapeJobView['error'] | null;
      result?: ScrapeJobView['result'];
      attempts?: number;
    } = {},
  ): Promise<ScrapeJobView | null> {
    const _id = new Types.ObjectId(id);
    const current = await this.jobs.findById(_id).lean();
    if (!current || !from.includes(current.status as ScrapeJobStatus)) return null;
    const now = new Date();
    const set: Record<string, unknown> = { status: to };
    const unset: Record<string, ''> = {};
    if (changes.attempts !== undefined) set.attempts = changes.attempts;
    if (changes.error === null) unset.error = '';
    else if (changes.error) set.error = changes.error;
    if (changes.result) set.result = changes.result;
    if (to === 'running') set.startedAt = now;
    if (to === 'queued') set.activeKey = current.target.publicId;
    if (to === 'succeeded' || to === 'failed' || to === 'cancelled') {
      set.activeKey = id;
      set.finishedAt = now;
      set.durationMs = now.getTime() - current.createdAt.getTime();
    }
    const updated = await this.jobs
      .findOneAndUpdate(
        { _id, status: current.status },
        {
          $set: set,
          ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
          $push: {
            transitions: { status: to, at: now, ...(changes.note ? { note: changes.note } : {}) },
          },
        },
        { returnDocument: 'after' },
      )
      .lean();
    return updated ? toView(updated) : null;
  }

  /** Queued jobs older than `before`, to re-enqueue any whose queue entry was lost. */
  async findQueuedBefore(before: Date, limit: number): Promise<ScrapeJobView[]> {
    const docs = await this.jobs
      .find({ status: 'queued', createdAt: trusted({ $lt: before }) })
      .sort({ createdAt: 1 })
      .limit(limit)
      .lean();
    return docs.map(toView);
  }

  async listPage(
    status: ScrapeJobStatus | undefined,
    limit: number,
    after?: CursorPosition,
  ): Promise<{ items: ScrapeJobView[]; last?: CursorPosition; hasMore: boolean }> {
    const docs = await this.jobs
      .find(scrapeJobListFilter(status, after))
      .sort(SCRAPE_JOB_LIST_SORT)
      .limit(limit + 1)
      .read(this.config.mongo.readPreference)
      .lean();
    const page = docs.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toView),
      last: last ? [last.createdAt.getTime(), last._id.toHexString()] : undefined,
      hasMore: docs.length > limit,
    };
  }

  /** The job an idempotency key already produced, if any. */
  async findByIdempotencyKey(
    key: string,
  ): Promise<{ fingerprint: string; scrapeJobId: string } | null> {
    return this.idempotency.findOne({ key }, { fingerprint: 1, scrapeJobId: 1 }).lean();
  }

  /** Claims an idempotency key for a job; false when another request claimed it first. */
  async claimIdempotencyKey(
    key: string,
    fingerprint: string,
    scrapeJobId: string,
  ): Promise<boolean> {
    try {
      await this.idempotency.create({ key, fingerprint, scrapeJobId });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}
