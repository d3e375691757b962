import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  type ClientSession,
  type Model,
  type mongo,
  type QueryFilter,
  Types,
  trusted,
} from 'mongoose';
import type { CursorPosition } from '@scout/common';
import { AppConfig } from '@scout/config';
import {
  BulkWriter,
  type BulkWriteOutcome,
  compileValidator,
  type DocumentValidator,
} from '@scout/database';
import { ProfilesErrors } from '../profiles.errors';
import { Profile } from '../schemas/profile.schema';
import type { ContentChanges, ProfileContent, ScrapeState, StoredProfile } from '../stored-profile';
import { type RepositoryPage, type SortSpec, sortDocument, toRepositoryPage } from './list-page';
import {
  type BatchWrite,
  type PreparedBatch,
  planBatch,
  ProfileMovedOnError,
} from './profile-batch.plan';
import { fromDocument, toDocument } from './profile.document';
import { type ProfileFilter, profileListFilter } from './profile-filter';
import { isDuplicateKey, splitPatch, type UpdateOutcome } from './repository.helpers';

/**
 * The only code that touches the profiles collection. It takes and returns domain values
 * (`StoredProfile`, ids as strings); documents and ObjectIds stay inside.
 */
@Injectable()
export class ProfileRepository {
  /** The schema's rules, compiled once: batches check items without a document per item. */
  private readonly validate: DocumentValidator;
  /** What a new document holds before its content: the schema's defaults. */
  private readonly defaults: Record<string, unknown>;
  /** The bulk operations of each prepared batch, so no driver command leaves the repository. */
  private readonly batchOps = new WeakMap<
    PreparedBatch,
    Array<mongo.AnyBulkWriteOperation | null>
  >();

  constructor(
    @InjectModel(Profile.name) private readonly profiles: Model<Profile>,
    private readonly config: AppConfig,
    private readonly bulk: BulkWriter,
  ) {
    this.validate = compileValidator(profiles.schema);
    this.defaults = Object.fromEntries(
      Object.entries(new profiles().toObject()).filter(([key]) => key !== '_id'),
    );
  }

  /** A fresh profile id, for a change event staged before its insert. */
  newId(): string {
    return new Types.ObjectId().toHexString();
  }

  /**
   * Inserts a new profile under the id its change event was staged with, stamped `at` (the
   * instant its event's snapshot holds); `scrape`, for a profile a scrape creates, lands with it.
   */
  async create(
    id: string,
    content: ProfileContent,
    at: Date,
    session?: ClientSession,
    scrape?: ScrapeState,
  ): Promise<StoredProfile> {
    try {
      const [created] = await this.profiles.create(
        [
          {
            ...toDocument({ ...content, id, ...(scrape && { scrape }) }),
            version: 1,
            createdAt: at,
            updatedAt: at,
          },
        ],
        { session, timestamps: false },
      );
      return fromDocument(created.toObject());
    } catch (error) {
      if (isDuplicateKey(error)) throw ProfilesErrors.duplicateProfile();
      throw error;
    }
  }

  async findById(id: string): Promise<StoredProfile | null> {
    const doc = await this.profiles.findById(new Types.ObjectId(id)).lean();
    return doc ? fromDocument(doc) : null;
  }

  async findByPublicId(publicId: string): Promise<StoredProfile | null> {
    const doc = await this.profiles.findOne({ publicId }).lean();
    return doc ? fromDocument(doc) : null;
  }

  /**
   * What `create` will store, for the change event staged before it: the schema's defaults and
   * the content, at version 1.
   */
  previewCreate(
    id: string,
    content: ProfileContent,
    at: Date,
    scrape?: ScrapeState,
  ): StoredProfile {
    return {
      ...fromDocument({
        ...this.defaults,
        ...toDocument({ ...content, ...(scrape && { scrape }) }),
      }),
      id,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
  }

  /** What `update` will store over `before`, for the change event staged before it. */
  previewUpdate(
    before: StoredProfile,
    changes: ContentChanges,
    at: Date,
    scrape?: ScrapeState,
  ): StoredProfile {
    const { $set, $unset } = splitPatch({ ...changes, scrape });
    const after: Record<string, unknown> = {
      ...before,
      ...$set,
      version: before.version + 1,
      updatedAt: at,
    };
    for (const key of Object.keys($unset)) delete after[key];
    return after as unknown as StoredProfile;
  }

  /**
   * Conditional (with `expectedVersion`) or plain update that bumps the version; `scrape`, for
   * content a scrape brought, replaces the scrape state in the same write.
   */
  async update(
    id: string,
    changes: ContentChanges,
    expectedVersion?: number,
    session?: ClientSession,
    at: Date = new Date(),
    scrape?: ScrapeState,
  ): Promise<UpdateOutcome<StoredProfile>> {
    const filter: QueryFilter<Profile> = { _id: new Types.ObjectId(id) };
    if (expectedVersion !== undefined) filter.version = expectedVersion;
    const { $set, $unset } = splitPatch({ ...changes, scrape });
    const updated = await this.profiles
      .findOneAndUpdate(
        filter,
        { $set: { ...toDocument($set), updatedAt: at }, $unset, $inc: { version: 1 } },
        { returnDocument: 'after', runValidators: true, session, timestamps: false },
      )
      .lean();
    if (updated) return { status: 'updated', value: fromDocument(updated) };
    const current = await this.profiles
      .findById(filter._id, { version: 1 })
      .session(session ?? null)
      .lean();
    return current ? { status: 'stale', currentVersion: current.version } : { status: 'missing' };
  }

  /** Deletes the profile if it is still at `version`; returns what was deleted. */
  async delete(
    id: string,
    version: number,
    session?: ClientSession,
  ): Promise<StoredProfile | null> {
    const doc = await this.profiles
      .findOneAndDelete({ _id: new Types.ObjectId(id), version }, { session })
      .lean();
    return doc ? fromDocument(doc) : null;
  }

  /**
   * Records a finished scrape without touching content, version or `updatedAt`: a failure, or
   * a page whose content is stored already (new content carries its scrape state in its write).
   */
  async markScraped(
    id: string,
    state: { status: 'succeeded' | 'failed'; jobId: string; contentHash?: string; at: Date },
  ): Promise<void> {
    const set: Record<string, unknown> = {
      'scrape.status': state.status,
      'scrape.lastJobId': state.jobId,
    };
    if (state.status === 'succeeded') {
      set['scrape.lastScrapedAt'] = state.at;
      if (state.contentHash) set['scrape.contentHash'] = state.contentHash;
    }
    await this.profiles.updateOne(
      { _id: new Types.ObjectId(id) },
      { $set: set },
      { timestamps: false },
    );
  }

  /** Marks profiles as having a scrape queued, without touching content or `updatedAt`. */
  async markScrapeQueued(publicIds: string[]): Promise<void> {
    if (publicIds.length === 0) return;
    await this.profiles.updateMany(
      { publicId: trusted({ $in: publicIds }) },
      { $set: { 'scrape.status': 'queued' } },
      { timestamps: false },
    );
  }

  /** Undoes `markScrapeQueued` for a cancelled job: back to the last finished state. */
  async clearScrapeQueued(publicId: string): Promise<void> {
    const doc = await this.profiles.findOne({ publicId }, { scrape: 1 }).lean();
    if (!doc || doc.scrape?.status !== 'queued') return;
    const status = doc.scrape.lastScrapedAt ? 'succeeded' : 'never';
    await this.profiles.updateOne(
      { _id: doc._id },
      { $set: { 'scrape.status': status } },
      { timestamps: false },
    );
  }

  /**
   * PublicIds of profiles whose last successful scrape is older than `before`, oldest first,
   * skipping those with a scrape already queued or running.
   */
  async findStale(before: Date, limit: number): Promise<string[]> {
    const docs = await this.profiles
      .find(
        {
          'scrape.lastScrapedAt': trusted({ $lt: before }),
          'scrape.status': trusted({ $nin: ['queued', 'running'] }),
        },
        { publicId: 1 },
      )
      .sort({ 'scrape.lastScrapedAt': 1 })
      .limit(limit)
      .read(this.config.mongo.readPreference)
      .lean();
    return docs.map((d) => d.publicId);
  }

  /** How many profiles point at a company, as current employer or in their history. */
  countReferencing(companyId: string, session?: ClientSession): Promise<number> {
    const id = new Types.ObjectId(companyId);
    return this.profiles
      .countDocuments({ $or: [{ currentCompany: id }, { 'experiences.company': id }] })
      .session(session ?? null);
  }

  /** The stored profiles with these publicIds, by publicId (batch planning and its diffs). */
  async findByPublicIds(publicIds: string[]): Promise<Map<string, StoredProfile>> {
    // Part of a batch write, up to 1,000 ids: it gets the write's deadline, not a read's.
    const docs = await this.profiles
      .find({ publicId: trusted({ $in: publicIds }) })
      .maxTimeMS(this.config.mongo.writeTimeoutMs)
      .lean();
    return new Map(docs.map((d) => [d.publicId, fromDocument(d)]));
  }

  /**
   * Plans batch writes: each is checked against every schema rule (compiled once) and becomes
   * the profile it will store, for its change event to be staged before `writeBatch`.
   */
  prepareBatch(writes: BatchWrite[], at: Date): PreparedBatch {
    const { prepared, ops } = planBatch(writes, at, this.defaults, this.validate);
    this.batchOps.set(prepared, ops);
    return prepared;
  }

  /**
   * Writes the planned documents whose index `include` marks, through the bulk writer in as few
   * commands as the server takes. The outcome holds, per write at its index, `null` when
   * written or what refused it: a broken schema rule, a write error, a write left out, or
   * {@link ProfileMovedOnError} for an update whose profile was no longer at the version read.
   */
  async writeBatch(
    batch: PreparedBatch,
    include: readonly boolean[],
    session?: ClientSession,
  ): Promise<BulkWriteOutcome> {
    const ops = this.batchOps.get(batch);
    if (!ops) throw new TypeError('writeBatch takes a batch from prepareBatch');
    const outcome: BulkWriteOutcome = batch.refused.map(
      (refused, i) => refused ?? (include[i] ? null : new ProfileMovedOnError()),
    );
    const positions = ops.flatMap((op, i) => (op && outcome[i] === null ? [i] : []));
    let matched = 0;
    const written = await this.bulk.write(
      positions.map((i) => ops[i]!),
      async (chunk) => {
        const result = await this.profiles.collection
          .bulkWrite(chunk, { ordered: false, ignoreUndefined: true, session })
          .catch((error: { result?: mongo.BulkWriteResult }) => {
            matched += error.result?.matchedCount ?? 0;
            throw error;
          });
        matched += result.matchedCount;
        return result;
      },
    );
    written.forEach((error, j) => (outcome[positions[j]] = error));
    const updates = positions.filter((i) => batch.writes[i].kind === 'update' && !outcome[i]);
    if (matched < updates.length) await this.markMovedOn(batch, updates, outcome, session);
    return outcome;
  }

  /** Finds which updates of a batch matched nothing: their profile's version is not theirs. */
  private async markMovedOn(
    batch: PreparedBatch,
    updates: number[],
    outcome: BulkWriteOutcome,
    session?: ClientSession,
  ): Promise<void> {
    const ids = updates.map((i) => new Types.ObjectId(batch.writes[i].id));
    const docs = await this.profiles
      .find({ _id: trusted({ $in: ids }) }, { version: 1, updatedAt: 1 })
      .session(session ?? null)
      .lean();
    const stored = new Map(docs.map((d) => [d._id.toHexString(), d]));
    for (const i of updates) {
      const after = batch.after[i]!;
      const doc = stored.get(batch.writes[i].id);
      const ours =
        doc?.version === after.version && doc.updatedAt.getTime() === after.updatedAt.getTime();
      if (!ours) outcome[i] = new ProfileMovedOnError();
    }
  }

  /** Ids of the most recently updated profiles, for cache warming. */
  async recentlyUpdatedIds(count: number): Promise<string[]> {
    if (count === 0) return [];
    const docs = await this.profiles
      .find({}, { _id: 1 })
      .sort({ updatedAt: -1, _id: -1 })
      .limit(count)
      .read(this.config.mongo.readPreference)
      .lean();
    return docs.map((d) => d._id.toHexString());
  }

  async listPage(
    filter: ProfileFilter,
    sort: SortSpec,
    limit: number,
    after?: CursorPosition,
  ): Promise<RepositoryPage<StoredProfile>> {
    const docs = await this.profiles
      .find(profileListFilter(filter, sort, after))
      .sort(sortDocument(sort))
      .limit(limit + 1)
      .read(this.config.mongo.readPreference)
      .lean();
    return toRepositoryPage(docs, limit, sort, fromDocument);
  }
}
