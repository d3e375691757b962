import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type ClientSession, type Model, Types, trusted } from 'mongoose';
import type { CursorPosition } from '@scout/common';
import { AppConfig } from '@scout/config';
import { isDuplicateKeyError } from '@scout/database';
import type { Priority, ScrapeJobStatus } from '../scraping.constants';
import type { ScrapeJobView } from '../scrape-job.view';
import { IdempotencyRecord, ScrapeJob } from '../schemas/scrape-job.schema';
import {
  ACTIVE,
  claimFilter,
  type ReplayFilter,
  SCRAPE_JOB_LIST_SORT,
  SCRAPE_JOB_REPLAY_SORT,
  scrapeJobListFilter,
  scrapeJobReplayFilter,
  toView,
  type TransitionChanges,
  transitionUpdate,
} from './scrape-job.queries';

export type { ReplayFilter, TransitionChanges } from './scrape-job.queries';

/** A new job to record. */
export interface NewScrapeJob {
  publicId: string;
  url: string;
  priority: Priority;
  requestedBy?: string;
  requestId?: string;
  traceId?: string;
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
  ): Promise<ScrapeJobView | null> {
    const current = await this.jobs.findById(new Types.ObjectId(id)).lean();
    if (!current || !from.includes(current.status as ScrapeJobStatus)) return null;
    const updated = await this.jobs
      .findOneAndUpdate(
        { _id: current._id, status: current.status },
        transitionUpdate(current, to, changes, changes.at ?? new Date()),
        { returnDocument: 'after' },
      )
      .lean();
    return updated ? toView(updated) : null;
  }

  /**
   * Starts a run in one write that returns the job: queued → running, or running → running when
   * the previous run's lease has lapsed (its worker died). While another run holds the lease,
   * returns when it ends, so a job enqueued twice (the sweeper after a Redis flush) never runs
   * twice at once; on MongoDB the lease in the filter also settles two takeovers at once. Null
   * when the job is not active. Callers hold the job's DocumentLock.
   */
  async claimRun(
    id: string,
    changes: TransitionChanges & { leaseMs: number },
  ): Promise<{ job: ScrapeJobView } | { heldUntil: Date } | null> {
    const _id = new Types.ObjectId(id);
    const now = changes.at ?? new Date();
    const claimed = await this.jobs
      .findOneAndUpdate(claimFilter(_id, now), transitionUpdate(null, 'running', changes, now), {
        returnDocument: 'after',
      })
      .lean();
    if (claimed) return { job: toView(claimed) };
    const current = await this.jobs.findById(_id).lean();
    if (!current || !ACTIVE.includes(current.status as ScrapeJobStatus)) return null;
    // Held, or a lease that lapsed just now: either way the queue offers the job again later.
    return { heldUntil: current.leaseUntil ?? now };
  }

  /**
   * Ends the run `run` (the job as its claim returned it) with a move to `to`, in one write
   * that also checks the job is still at that run's transition: null when it is not (another run
   * took the job over after the lease lapsed), so two runs never both record an outcome. Callers
   * hold the job's DocumentLock.
   */
  async finishRun(
    run: ScrapeJobView,
    to: ScrapeJobStatus,
    changes: TransitionChanges,
    session?: ClientSession,
  ): Promise<ScrapeJobView | null> {
    const _id = new Types.ObjectId(run.id);
    const at = changes.at ?? new Date();
    const before = { _id, createdAt: new Date(run.createdAt), target: run.target };
    const finished = await this.jobs
      .findOneAndUpdate(
        { _id, status: 'running', transitions: trusted({ $size: run.transitions.length }) },
        transitionUpdate(before, to, changes, at),
        { returnDocument: 'after', session },
      )
      .lean();
    return finished ? toView(finished) : null;
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
