import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type ClientSession, type Model, type QueryFilter, Types, trusted } from 'mongoose';
import type { CursorPosition } from '@scout/common';
import { AppConfig } from '@scout/config';
import { isDuplicateKeyError } from '@scout/database';
import type {
  DeadReason,
  Priority,
  ReplayableStatus,
  ScrapeJobStatus,
} from '../scraping.constants';
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
  if (doc.enqueuedAt) view.enqueuedAt = iso(doc.enqueuedAt);
  if (doc.deferredSince) view.deferredSince = iso(doc.deferredSince);
  if (doc.deadReason) view.deadReason = doc.deadReason as DeadReason;
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

/** What a transition may change besides the status. */
export interface TransitionChanges {
  note?: string;
  error?: ScrapeJobView['error'] | null;
  result?: ScrapeJobView['result'];
  attempts?: number;
  /** Moving to `running`: how long the run's lease lasts. */
  leaseMs?: number;
  /** Moving to `dead`: why. */
  deadReason?: DeadReason;
  /** Set (a deferral began), null (the host answered), or left as is. */
  deferredSince?: Date | null;
  /** False: the queue no longer holds the job (a replay), so the relay must enqueue it again. */
  enqueued?: false;
  /** When the transition happened (default: now); its change event carries the same instant. */
  at?: Date;
}

/** Which jobs a bulk replay takes. */
export interface ReplayFilter {
  status: ReplayableStatus;
  code?: string;
  deadReason?: DeadReason;
  createdAfter?: Date;
  createdBefore?: Date;
}

const ACTIVE: ScrapeJobStatus[] = ['queued', 'running'];
const TERMINAL: ScrapeJobStatus[] = ['succeeded', 'failed', 'cancelled', 'dead'];

/** The job list's order: newest first, `_id` breaking ties. */
export const SCRAPE_JOB_LIST_SORT = { createdAt: -1, _id: -1 } as const;

/**
 * The filter of a job list page (one status, or several for the sweeper's walk over active
 * jobs); its shapes are declared in `query-shapes.ts`.
 */
export function scrapeJobListFilter(
  status: ScrapeJobStatus | readonly ScrapeJobStatus[] | undefined,
  after?: CursorPosition,
): QueryFilter<ScrapeJob> {
  const conditions: Array<QueryFilter<ScrapeJob>> = [];
  if (typeof status === 'string') conditions.push({ status });
  else if (status) conditions.push({ status: trusted({ $in: [...status] }) });
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

/** A bulk replay's order: oldest first. */
export const SCRAPE_JOB_REPLAY_SORT = { createdAt: 1, _id: 1 } as const;

/** The filter of a bulk replay; its shape is declared in `query-shapes.ts`. */
export function scrapeJobReplayFilter(filter: ReplayFilter): QueryFilter<ScrapeJob> {
  const created: Record<string, Date> = {};
  if (filter.createdAfter) created.$gte = filter.createdAfter;
  if (filter.createdBefore) created.$lt = filter.createdBefore;
  return {
    status: filter.status,
    ...(filter.code ? { 'error.code': filter.code } : {}),
    ...(filter.deadReason ? { deadReason: filter.deadReason } : {}),
    ...(Object.keys(created).length > 0 ? { createdAt: trusted(created) } : {}),
  };
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
   * Callers serialise writes to one job (DocumentLock), so the check and the write agree.
   */
  async transition(
    id: string,
    from: ScrapeJobStatus[],
    to: ScrapeJobStatus,
    changes: TransitionChanges = {},
    session?: ClientSession,
  ): Promise<ScrapeJobView | null> {
    const current = await this.jobs
      .findById(new Types.ObjectId(id))
      .session(session ?? null)
      .lean();
    if (!current || !from.includes(current.status as ScrapeJobStatus)) return null;
    return this.write(current, to, changes, session);
  }

  /**
   * Starts a run: queued → running, or running → running when the previous run's lease has
   * lapsed (its worker died). While another run holds the lease, returns when it ends, so a job
   * enqueued twice (the sweeper after a Redis flush) never runs twice at once. Null when the job
   * is not active. Callers hold the job's DocumentLock.
   */
  async claimRun(
    id: string,
    changes: TransitionChanges & { leaseMs: number },
  ): Promise<{ job: ScrapeJobView } | { heldUntil: Date } | null> {
    const current = await this.jobs.findById(new Types.ObjectId(id)).lean();
    if (!current || !ACTIVE.includes(current.status as ScrapeJobStatus)) return null;
    if (current.status === 'running' && current.leaseUntil && current.leaseUntil > new Date()) {
      return { heldUntil: current.leaseUntil };
    }
    const job = await this.write(current, 'running', changes);
    return job ? { job } : null;
  }

  /** Extends a running job's lease; a no-op once the run ended. Callers hold the job's lock. */
  async extendLease(id: string, leaseMs: number): Promise<void> {
    await this.jobs.updateOne(
      { _id: new Types.ObjectId(id), status: 'running' },
      { $set: { leaseUntil: new Date(Date.now() + leaseMs) } },
    );
  }

  /**
   * Records that the queue holds these active jobs, in one statement. Where conditional writes
   * are not atomic (FerretDB) callers hold the lock of every job named.
   */
  async markEnqueued(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.jobs.updateMany(
      {
        _id: trusted({ $in: ids.map((id) => new Types.ObjectId(id)) }),
        status: trusted({ $in: ACTIVE }),
      },
      { $set: { enqueuedAt: new Date() } },
    );
  }

  private async write(
    current: Lean,
    to: ScrapeJobStatus,
    changes: TransitionChanges,
    session?: ClientSession,
  ): Promise<ScrapeJobView | null> {
    const id = current._id.toHexString();
    const now = changes.at ?? new Date();
    const set: Record<string, unknown> = { status: to };
    const unset: Record<string, ''> = {};
    if (changes.attempts !== undefined) set.attempts = changes.attempts;
    if (changes.error === null) unset.error = '';
    else if (changes.error) set.error = changes.error;
    if (changes.result) set.result = changes.result;
    if (changes.deferredSince === null) unset.deferredSince = '';
    else if (changes.deferredSince) set.deferredSince = changes.deferredSince;
    if (changes.enqueued === false) unset.enqueuedAt = '';
    if (to === 'running') {
      set.startedAt = now;
      // A job a worker runs was in the queue, whether or not the relay could record that.
      if (!current.enqueuedAt) set.enqueuedAt = now;
      if (changes.leaseMs !== undefined) set.leaseUntil = new Date(now.getTime() + changes.leaseMs);
    } else if (current.leaseUntil) {
      unset.leaseUntil = '';
    }
    if (to === 'dead') set.deadReason = changes.deadReason;
    else if (current.deadReason) unset.deadReason = '';
    if (to === 'queued') set.activeKey = current.target.publicId;
    if (TERMINAL.includes(to)) {
      set.activeKey = id;
      set.finishedAt = now;
      set.durationMs = now.getTime() - current.createdAt.getTime();
    }
    // Taking over a run compares the lease too: on MongoDB, where this runs without a lock,
    // two workers taking over the same lapsed run cannot both win.
    const takeover = current.status === 'running' && to === 'running';
    const updated = await this.jobs
      .findOneAndUpdate(
        {
          _id: current._id,
          status: current.status,
          ...(takeover ? { leaseUntil: current.leaseUntil ?? null } : {}),
        },
        {
          $set: set,
          ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
          $push: {
            transitions: { status: to, at: now, ...(changes.note ? { note: changes.note } : {}) },
          },
        },
        { returnDocument: 'after', session },
      )
      .lean();
    return updated ? toView(updated) : null;
  }

  /**
   * One page of active (queued or running) jobs for the sweeper, newest first like the job list
   * (and served by the same index); `after` is the previous page's `last`.
   */
  async findActivePage(
    after: CursorPosition | undefined,
    limit: number,
  ): Promise<{ items: ScrapeJobView[]; last?: CursorPosition }> {
    const docs = await this.jobs
      .find(scrapeJobListFilter(ACTIVE, after))
      .sort(SCRAPE_JOB_LIST_SORT)
      .limit(limit)
      .lean();
    const last = docs.at(-1);
    return {
      items: docs.map(toView),
      last: last ? [last.createdAt.getTime(), last._id.toHexString()] : undefined,
    };
  }

  /** Failed or dead jobs matching a replay filter, oldest first. */
  async findReplayable(filter: ReplayFilter, limit: number): Promise<ScrapeJobView[]> {
    const docs = await this.jobs
      .find(scrapeJobReplayFilter(filter))
      .sort(SCRAPE_JOB_REPLAY_SORT)
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
