import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { type Connection, mongo, Types } from 'mongoose';
import { escapeRegex } from '@scout/common';
import type { ErasureSubject } from '../privacy.types';

/**
 * The collections other libs own that hold people's data. Named here, in one place, because
 * erasure, export and retention reach across libs by design; everything else goes through the
 * owning lib.
 */
export const PERSONAL_DATA_COLLECTIONS = {
  profiles: 'profiles',
  scrapeJobs: 'scrape_jobs',
  scrapeIdempotency: 'idempotency_records',
  apiIdempotency: 'idempotent_requests',
  events: 'events',
} as const;

/** Scrape job statuses after which a job never changes again (retention may remove them). */
const FINISHED_JOB_STATUSES = ['succeeded', 'failed', 'cancelled', 'dead'];

/** A stored change event of a profile, as the export shows it (times as ISO strings). */
export interface HistoryEntry {
  type: string;
  sequence: number;
  actor: string;
  occurredAt: string;
  data: Record<string, unknown>;
  /** What the write changed, field by field (profile updates). */
  changes?: Array<{ field: string; from: unknown; to: unknown }>;
  /** The profile as the write left it. */
  snapshot?: Record<string, unknown>;
}

/** A stored scrape job, as the export shows it (times as ISO strings). */
export interface ScrapeJobEntry {
  id: string;
  status: string;
  target: { publicId: string; url: string };
  requestedBy?: string;
  createdAt: string;
  finishedAt?: string;
  result?: { profileId: string; changed: boolean };
  error?: { code: string; message: string };
  transitions: Array<{ status: string; at: string; note?: string }>;
}

/** A job's error without its `retryable` flag (the export shows what went wrong, not policy). */
function errorOf(error: ScrapeJobEntry['error'] | undefined): ScrapeJobEntry['error'] {
  return error ? { code: error.code, message: error.message } : undefined;
}

/** A regular expression matching `publicId` as a whole JSON string or `/in/` path segment. */
function publicIdPattern(publicId: string): string {
  const id = escapeRegex(publicId);
  return `"${id}"|/in/${id}([^a-z0-9-]|$)`;
}

/**
 * Narrow, named queries over the collections in {@link PERSONAL_DATA_COLLECTIONS}, through the
 * driver (their schemas belong to other libs). Every query works on MongoDB and FerretDB alike:
 * equality, `$in`, `$or`, `$regex`, ranges; deletes go by `_id` in bounded batches.
 */
@Injectable()
export class PersonalDataRepository {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  private collection(name: string): mongo.Collection {
    return this.connection.collection(name);
  }

  // --- scrape jobs -------------------------------------------------------------------------

  private scrapeJobFilter(subject: ErasureSubject): mongo.Filter<mongo.Document> {
    const or: mongo.Filter<mongo.Document>[] = [{ 'target.publicId': subject.publicId }];
    if (subject.profileId) or.push({ 'result.profileId': subject.profileId });
    const ids = subject.scrapeJobIds.filter((id) => Types.ObjectId.isValid(id));
    if (ids.length > 0) or.push({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } });
    return { $or: or };
  }

  /** Ids of every scrape job of the person, whatever its state. */
  async scrapeJobIds(publicId: string, profileId?: string): Promise<string[]> {
    const docs = await this.collection(PERSONAL_DATA_COLLECTIONS.scrapeJobs)
      .find(this.scrapeJobFilter({ publicId, profileId, urls: [], scrapeJobIds: [] }), {
        projection: { _id: 1 },
      })
      .toArray();
    return docs.map((doc) => String(doc._id));
  }

  countScrapeJobs(subject: ErasureSubject): Promise<number> {
    return this.collection(PERSONAL_DATA_COLLECTIONS.scrapeJobs).countDocuments(
      this.scrapeJobFilter(subject),
    );
  }

  async deleteScrapeJobs(subject: ErasureSubject): Promise<number> {
    const result = await this.collection(PERSONAL_DATA_COLLECTIONS.scrapeJobs).deleteMany(
      this.scrapeJobFilter(subject),
    );
    return result.deletedCount;
  }

  /** The person's scrape jobs, newest first, for the export. */
  async scrapeJobs(subject: ErasureSubject, limit: number): Promise<ScrapeJobEntry[]> {
    const docs = await this.collection(PERSONAL_DATA_COLLECTIONS.scrapeJobs)
      .find(this.scrapeJobFilter(subject))
      .sort({ createdAt: -1, _id: -1 })
      .limit(limit)
      .toArray();
    return docs.map((doc) => ({
      id: String(doc._id),
      status: doc.status as string,
      target: doc.target as ScrapeJobEntry['target'],
      requestedBy: doc.requestedBy as string | undefined,
      createdAt: (doc.createdAt as Date).toISOString(),
      finishedAt: (doc.finishedAt as Date | undefined)?.toISOString(),
      result: doc.result as ScrapeJobEntry['result'],
      error: errorOf(doc.error as ScrapeJobEntry['error'] | undefined),
      transitions: (
        (doc.transitions ?? []) as Array<{ status: string; at: Date; note?: string }>
      ).map((t) => ({ status: t.status, at: t.at.toISOString(), note: t.note })),
    }));
  }

  // --- idempotency records (both kinds) ----------------------------------------------------

  private scrapeIdempotencyFilter(subject: ErasureSubject): mongo.Filter<mongo.Document> {
    return { scrapeJobId: { $in: subject.scrapeJobIds } };
  }

  /** Stored answers of API writes whose body or `Location` names the person. */
  private apiIdempotencyFilter(subject: ErasureSubject): mongo.Filter<mongo.Document> {
    const or: mongo.Filter<mongo.Document>[] = [
      { body: { $regex: publicIdPattern(subject.publicId) } },
    ];
    if (subject.profileId) {
      or.push({ body: { $regex: subject.profileId } });
      or.push({ 'headers.location': { $regex: subject.profileId } });
    }
    for (const url of subject.urls) or.push({ body: { $regex: escapeRegex(url) } });
    return { $or: or };
  }

  async countIdempotency(subject: ErasureSubject): Promise<number> {
    const [scrape, api] = await Promise.all([
      this.collection(PERSONAL_DATA_COLLECTIONS.scrapeIdempotency).countDocuments(
        this.scrapeIdempotencyFilter(subject),
      ),
      this.collection(PERSONAL_DATA_COLLECTIONS.apiIdempotency).countDocuments(
        this.apiIdempotencyFilter(subject),
      ),
    ]);
    return scrape + api;
  }

  async deleteIdempotency(subject: ErasureSubject): Promise<number> {
    const scrape = await this.collection(PERSONAL_DATA_COLLECTIONS.scrapeIdempotency).deleteMany(
      this.scrapeIdempotencyFilter(subject),
    );
    const api = await this.collection(PERSONAL_DATA_COLLECTIONS.apiIdempotency).deleteMany(
      this.apiIdempotencyFilter(subject),
    );
    return scrape.deletedCount + api.deletedCount;
  }

  // --- change events (history) -------------------------------------------------------------

  private eventFilter(subject: ErasureSubject): mongo.Filter<mongo.Document> {
    const or: mongo.Filter<mongo.Document>[] = [];
    if (subject.profileId) or.push({ 'subject.kind': 'profile', 'subject.id': subject.profileId });
    if (subject.scrapeJobIds.length > 0) {
      or.push({ 'subject.kind': 'scrape_job', 'subject.id': { $in: subject.scrapeJobIds } });
    }
    // Nothing to match: a filter no document satisfies.
    return or.length > 0 ? { $or: or } : { _id: { $in: [] } };
  }

  countEvents(subject: ErasureSubject): Promise<number> {
    return this.collection(PERSONAL_DATA_COLLECTIONS.events).countDocuments(
      this.eventFilter(subject),
    );
  }

  async deleteEvents(subject: ErasureSubject): Promise<number> {
    const result = await this.collection(PERSONAL_DATA_COLLECTIONS.events).deleteMany(
      this.eventFilter(subject),
    );
    return result.deletedCount;
  }

  /** A profile's history, oldest first, for the export. */
  async history(profileId: string, limit: number): Promise<HistoryEntry[]> {
    const docs = await this.collection(PERSONAL_DATA_COLLECTIONS.events)
      .find({ 'subject.kind': 'profile', 'subject.id': profileId, state: 'committed' })
      .sort({ sequence: 1 })
      .limit(limit)
      .toArray();
    return docs.map((doc) => ({
      type: doc.type as string,
      sequence: doc.sequence as number,
      actor: doc.actor as string,
      occurredAt: (doc.occurredAt as Date).toISOString(),
      data: (doc.data ?? {}) as Record<string, unknown>,
      changes: doc.changes as HistoryEntry['changes'],
      snapshot: doc.snapshot as HistoryEntry['snapshot'],
    }));
  }

  /**
   * Records the `profile.erased` event in the outbox, committed, with an id fixed by the
   * request (a resumed erasure records it once). Its only identifier is the profile id.
   */
  async recordErasedEvent(event: {
    eventId: string;
    profileId: string;
    sequence: number;
    actor: string;
  }): Promise<void> {
    const now = new Date();
    try {
      await this.collection(PERSONAL_DATA_COLLECTIONS.events).insertOne({
        eventId: event.eventId,
        type: 'profile.erased',
        subject: { kind: 'profile', id: event.profileId },
        sequence: event.sequence,
        actor: event.actor,
        occurredAt: now,
        data: {},
        state: 'committed',
        createdAt: now,
        updatedAt: now,
      });
    } catch (error) {
      if (!(error instanceof mongo.MongoServerError && error.code === 11000)) throw error;
    }
  }

  // --- profiles ----------------------------------------------------------------------------

  private profileFilter(subject: ErasureSubject): mongo.Filter<mongo.Document> {
    const or: mongo.Filter<mongo.Document>[] = [{ publicId: subject.publicId }];
    if (subject.profileId) or.push({ _id: new Types.ObjectId(subject.profileId) });
    return { $or: or };
  }

  countProfiles(subject: ErasureSubject): Promise<number> {
    return this.collection(PERSONAL_DATA_COLLECTIONS.profiles).countDocuments(
      this.profileFilter(subject),
    );
  }

  async deleteProfiles(subject: ErasureSubject): Promise<number> {
    const result = await this.collection(PERSONAL_DATA_COLLECTIONS.profiles).deleteMany(
      this.profileFilter(subject),
    );
    return result.deletedCount;
  }

  /** Id, version and URL of the profile with this publicId, when there is one. */
  async profileByPublicId(
    publicId: string,
  ): Promise<{ id: string; version: number; url?: string } | null> {
    const doc = await this.collection(PERSONAL_DATA_COLLECTIONS.profiles).findOne(
      { publicId },
      { projection: { _id: 1, version: 1, url: 1 } },
    );
    return doc
      ? { id: String(doc._id), version: doc.version as number, url: doc.url as string | undefined }
      : null;
  }

  /** The same, by ObjectId. */
  async profileById(
    id: string,
  ): Promise<{ id: string; publicId: string; version: number; url?: string } | null> {
    const doc = await this.collection(PERSONAL_DATA_COLLECTIONS.profiles).findOne(
      { _id: new Types.ObjectId(id) },
      { projection: { _id: 1, publicId: 1, version: 1, url: 1 } },
    );
    return doc
      ? {
          id: String(doc._id),
          publicId: doc.publicId as string,
          version: doc.version as number,
          url: doc.url as string | undefined,
        }
      : null;
  }

  // --- retention ---------------------------------------------------------------------------

  /** Removes up to `limit` finished scrape jobs requested before `before`. */
  expireScrapeJobs(before: Date, limit: number): Promise<number> {
    return this.deleteBatch(
      PERSONAL_DATA_COLLECTIONS.scrapeJobs,
      { status: { $in: FINISHED_JOB_STATUSES }, createdAt: { $lt: before } },
      limit,
    );
  }

  /** Removes up to `limit` idempotency records of each kind created before `before`. */
  async expireIdempotency(before: Date, limit: number): Promise<number> {
    const filter = { createdAt: { $lt: before } };
    return (
      (await this.deleteBatch(PERSONAL_DATA_COLLECTIONS.scrapeIdempotency, filter, limit)) +
      (await this.deleteBatch(PERSONAL_DATA_COLLECTIONS.apiIdempotency, filter, limit))
    );
  }

  /**
   * Removes up to `limit` profile history entries that occurred before `before`. An event
   * still owed to webhooks (committed, not yet dispatched) is never removed.
   */
  expireHistory(before: Date, limit: number): Promise<number> {
    return this.deleteBatch(
      PERSONAL_DATA_COLLECTIONS.events,
      {
        'subject.kind': 'profile',
        occurredAt: { $lt: before },
        $or: [{ state: { $ne: 'committed' } }, { dispatchedAt: { $exists: true } }],
      },
      limit,
    );
  }

  /** One bounded batch: the ids first, then one delete by `_id`. */
  private async deleteBatch(
    name: string,
    filter: mongo.Filter<mongo.Document>,
    limit: number,
  ): Promise<number> {
    const collection = this.collection(name);
    const ids = await collection
      .find(filter, { projection: { _id: 1 } })
      .limit(limit)
      .toArray();
    if (ids.length === 0) return 0;
    const result = await collection.deleteMany({ _id: { $in: ids.map((doc) => doc._id) } });
    return result.deletedCount;
  }
}
