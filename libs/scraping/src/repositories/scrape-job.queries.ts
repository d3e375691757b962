import { type QueryFilter, Types, trusted, type UpdateQuery } from 'mongoose';
import type { CursorPosition } from '@scout/common';
import type {
  DeadReason,
  Priority,
  ReplayableStatus,
  ScrapeJobStatus,
} from '../scraping.constants';
import type { ScrapeJobView } from '../scrape-job.view';
import type { ScrapeJob } from '../schemas/scrape-job.schema';

// The filters, sorts and updates ScrapeJobRepository sends, and its mapping to views: pure
// functions, so the declared query shapes (`query-shapes.ts`) are built from the same code.

/** A job as a lean read returns it. */
type Lean = ScrapeJob & { _id: Types.ObjectId };

/** A stored job as the API shows it. */
export function toView(doc: Lean): ScrapeJobView {
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

/** A job that holds its target: queued or running. */
export const ACTIVE: ScrapeJobStatus[] = ['queued', 'running'];
/** A job that has ended and frees its target. */
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

/**
 * A job a run may start: queued, or running under a lease that has lapsed. Its shape is declared
 * in `query-shapes.ts`.
 */
export function claimFilter(_id: Types.ObjectId, now: Date): QueryFilter<ScrapeJob> {
  return {
    _id,
    $or: [
      { status: 'queued' },
      { status: 'running', leaseUntil: trusted({ $lte: now }) },
      { status: 'running', leaseUntil: trusted({ $exists: false }) },
    ],
  };
}

/**
 * The update moving a job to `to` at `now`, appending the transition. `before` is what the job
 * held that the update depends on (its id, creation and target); a claim (null) needs none of it.
 * Fields the new status drops are unset whether or not they are there, and `enqueuedAt` is kept
 * when set (`$min`), so the update does not depend on a read of the document.
 */
export function transitionUpdate(
  before: Pick<Lean, '_id' | 'createdAt' | 'target'> | null,
  to: ScrapeJobStatus,
  changes: TransitionChanges,
  now: Date,
): UpdateQuery<ScrapeJob> {
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
    if (changes.leaseMs !== undefined) set.leaseUntil = new Date(now.getTime() + changes.leaseMs);
  } else {
    unset.leaseUntil = '';
  }
  if (to === 'dead') set.deadReason = changes.deadReason;
  else unset.deadReason = '';
  if (before && to === 'queued') set.activeKey = before.target.publicId;
  if (before && TERMINAL.includes(to)) {
    set.activeKey = before._id.toHexString();
    set.finishedAt = now;
    set.durationMs = now.getTime() - before.createdAt.getTime();
  }
  return {
    $set: set,
    $unset: unset,
    // A job a worker runs was in the queue, whether or not the relay could record that.
    ...(to === 'running' ? { $min: { enqueuedAt: now } } : {}),
    $push: {
      transitions: { status: to, at: now, ...(changes.note ? { note: changes.note } : {}) },
    },
  };
}
