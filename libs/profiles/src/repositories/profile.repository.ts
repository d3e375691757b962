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
import { type CursorPosition, escapeRegex } from '@scout/common';
import { AppConfig } from '@scout/config';
import {
  BulkWriter,
  type BulkWriteOutcome,
  compileValidator,
  type DocumentValidator,
} from '@scout/database';
import { ProfilesErrors } from '../profiles.errors';
import { Profile } from '../schemas/profile.schema';
import {
  afterPosition,
  type RepositoryPage,
  type SortSpec,
  sortDocument,
  toRepositoryPage,
} from './list-page';
import { isDuplicateKey, splitPatch, type UpdateOutcome } from './repository.helpers';

/** A lean profile document as the repository returns it; the service maps it to a view. */
export type ProfileRecord = Profile & { _id: Types.ObjectId };

/** What is stored for a profile, with references already resolved to company ids. */
export type ProfileContent = Omit<
  Profile,
  '_id' | 'version' | 'createdAt' | 'updatedAt' | 'scrape' | 'currentCompany' | 'experiences'
> & {
  currentCompany?: string;
  experiences: Array<Omit<Profile['experiences'][number], 'company'> & { company?: string }>;
};

/** Filters of the profile list, already resolved (company id, normalized skill, tokens). */
export interface ProfileFilter {
  companyId?: string;
  skill?: string;
  country?: string;
  tokens?: string[];
  updatedSince?: Date;
}

/** One write of a batch: a new profile, or a changed one as it was read (its version too). */
export type BatchWrite =
  | { kind: 'insert'; id: string; content: ProfileContent }
  | { kind: 'update'; id: string; content: ProfileContent; before: ProfileRecord };

/**
 * A batch checked and planned: per write at its index, the document as it will be stored (so
 * its change event can be staged first), or what refused it.
 */
export interface PreparedBatch {
  writes: BatchWrite[];
  after: Array<ProfileRecord | null>;
  refused: Array<Error | null>;
  ops: Array<mongo.AnyBulkWriteOperation | null>;
}

/** Sent for an update whose profile moved on (or went away) between the read and the write. */
export class ProfileMovedOnError extends Error {
  constructor() {
    super('the profile changed between the read and the write');
    this.name = 'ProfileMovedOnError';
  }
}

function toStored(content: Partial<ProfileContent>): Record<string, unknown> {
  const stored: Record<string, unknown> = { ...content };
  if (typeof content.currentCompany === 'string') {
    stored.currentCompany = new Types.ObjectId(content.currentCompany);
  }
  if (content.experiences) {
    stored.experiences = content.experiences.map((e) => ({
      ...e,
      company: e.company ? new Types.ObjectId(e.company) : undefined,
    }));
  }
  return stored;
}

/** The filter of a profile list page; its shapes are declared in `query-shapes.ts`. */
export function profileListFilter(
  filter: ProfileFilter,
  sort: SortSpec,
  after?: CursorPosition,
): QueryFilter<Profile> {
  const conditions: Array<QueryFilter<Profile>> = [];
  if (filter.companyId) conditions.push({ currentCompany: new Types.ObjectId(filter.companyId) });
  if (filter.skill) conditions.push({ skills: filter.skill });
  if (filter.country) conditions.push({ 'location.country': filter.country });
  if (filter.updatedSince) conditions.push({ updatedAt: trusted({ $gte: filter.updatedSince }) });
  for (const token of filter.tokens ?? []) {
    conditions.push({ searchTerms: trusted({ $regex: `^${escapeRegex(token)}` }) });
  }
  if (after) conditions.push(afterPosition<Profile>(sort, after));
  return conditions.length > 0 ? { $and: conditions } : {};
}

/** Splits stored content into the fields it sets and the optional ones it leaves out. */
function setAndUnset(stored: Record<string, unknown>): {
  $set: Record<string, unknown>;
  $unset?: Record<string, ''>;
} {
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, ''> = {};
  for (const [key, value] of Object.entries(stored)) {
    if (value === undefined) $unset[key] = '';
    else $set[key] = value;
  }
  return Object.keys($unset).length > 0 ? { $set, $unset } : { $set };
}

/** The only code that touches the profiles collection. */
@Injectable()
export class ProfileRepository {
  /** The schema's rules, compiled once: batches check items without a document per item. */
  private readonly validate: DocumentValidator;
  /** What a new document holds before its content: the schema's defaults. */
  private readonly defaults: Record<string, unknown>;

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

  /**
   * Inserts a new profile under the id its change event was staged with, stamped `at` (the
   * instant its event's snapshot holds).
   */
  async create(
    id: string,
    content: ProfileContent,
    at: Date,
    session?: ClientSession,
  ): Promise<ProfileRecord> {
    try {
      const [created] = await this.profiles.create(
        [
          {
            ...toStored(content),
            _id: new Types.ObjectId(id),
            version: 1,
            createdAt: at,
            updatedAt: at,
          },
        ],
        { session, timestamps: false },
      );
      return created.toObject();
    } catch (error) {
      if (isDuplicateKey(error)) throw ProfilesErrors.duplicateProfile();
      throw error;
    }
  }

  findById(id: string): Promise<ProfileRecord | null> {
    return this.profiles.findById(new Types.ObjectId(id)).lean();
  }

  findByPublicId(publicId: string): Promise<ProfileRecord | null> {
    return this.profiles.findOne({ publicId }).lean();
  }

  /**
   * What `create` will store, for the change event staged before it: the schema's defaults and
   * the content, at version 1.
   */
  previewCreate(id: string, content: ProfileContent, at: Date): ProfileRecord {
    return {
      ...this.defaults,
      ...toStored(content),
      _id: new Types.ObjectId(id),
      version: 1,
      createdAt: at,
      updatedAt: at,
    } as ProfileRecord;
  }

  /** What `update` will store over `before`, for the change event staged before it. */
  previewUpdate(
    before: ProfileRecord,
    changes: Partial<ProfileContent> & Record<string, unknown>,
    at: Date,
  ): ProfileRecord {
    const { $set, $unset } = splitPatch(changes);
    const after: Record<string, unknown> = {
      ...before,
      ...toStored($set),
      version: before.version + 1,
      updatedAt: at,
    };
    for (const key of Object.keys($unset)) delete after[key];
    return after as unknown as ProfileRecord;
  }

  /** Conditional (with `expectedVersion`) or plain update that bumps the version. */
  async update(
    id: string,
    changes: Partial<ProfileContent> & Record<string, unknown>,
    expectedVersion?: number,
    session?: ClientSession,
    at: Date = new Date(),
  ): Promise<UpdateOutcome<ProfileRecord>> {
    const filter: QueryFilter<Profile> = { _id: new Types.ObjectId(id) };
    if (expectedVersion !== undefined) filter.version = expectedVersion;
    const { $set, $unset } = splitPatch(changes);
    const updated = await this.profiles
      .findOneAndUpdate(
        filter,
        {
          $set: { ...toStored($set as Partial<ProfileContent>), updatedAt: at },
          $unset,
          $inc: { version: 1 },
        },
        { returnDocument: 'after', runValidators: true, session, timestamps: false },
      )
      .lean();
    if (updated) return { status: 'updated', value: updated };
    const current = await this.profiles
      .findById(filter._id, { version: 1 })
      .session(session ?? null)
      .lean();
    return current ? { status: 'stale', currentVersion: current.version } : { status: 'missing' };
  }

  /** Deletes the profile if it is still at `version`; returns what was deleted. */
  delete(id: string, version: number, session?: ClientSession): Promise<ProfileRecord | null> {
    return this.profiles
      .findOneAndDelete({ _id: new Types.ObjectId(id), version }, { session })
      .lean();
  }

  /** Records a finished scrape without touching content, version or `updatedAt`. */
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
  countReferencing(companyId: string): Promise<number> {
    const id = new Types.ObjectId(companyId);
    return this.profiles.countDocuments({
      $or: [{ currentCompany: id }, { 'experiences.company': id }],
    });
  }

  /** The stored profiles with these publicIds, by publicId (batch planning and its diffs). */
  async findByPublicIds(publicIds: string[]): Promise<Map<string, ProfileRecord>> {
    // Part of a batch write, up to 1,000 ids: it gets the write's deadline, not a read's.
    const docs = await this.profiles
      .find({ publicId: trusted({ $in: publicIds }) })
      .maxTimeMS(this.config.mongo.writeTimeoutMs)
      .lean();
    return new Map(docs.map((d) => [d.publicId, d]));
  }

  /**
   * Plans batch writes as plain documents: each is checked against every schema rule (compiled
   * once) and becomes the document it will store; an update is conditional on the version it
   * was read at.
   */
  prepareBatch(writes: BatchWrite[], at: Date): PreparedBatch {
    const prepared: PreparedBatch = { writes, after: [], refused: [], ops: [] };
    for (const write of writes) {
      const stored = toStored(write.content);
      const document = { ...this.defaults, ...stored, version: 1 };
      const refused = this.validate(document);
      const _id = new Types.ObjectId(write.id);
      if (refused) {
        prepared.after.push(null);
        prepared.refused.push(refused);
        prepared.ops.push(null);
      } else if (write.kind === 'insert') {
        const inserted = { ...document, _id, createdAt: at, updatedAt: at };
        prepared.after.push(inserted as ProfileRecord);
        prepared.refused.push(null);
        prepared.ops.push({ insertOne: { document: inserted } });
      } else {
        const { $set, $unset } = setAndUnset(stored);
        const after: Record<string, unknown> = {
          ...write.before,
          ...$set,
          version: write.before.version + 1,
          updatedAt: at,
        };
        for (const key of Object.keys($unset ?? {})) delete after[key];
        prepared.after.push(after as unknown as ProfileRecord);
        prepared.refused.push(null);
        prepared.ops.push({
          updateOne: {
            filter: { _id, version: write.before.version },
            update: {
              $set: { ...$set, updatedAt: at },
              ...($unset && { $unset }),
              $inc: { version: 1 },
            },
          },
        });
      }
    }
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
    const outcome: BulkWriteOutcome = batch.refused.map(
      (refused, i) => refused ?? (include[i] ? null : new ProfileMovedOnError()),
    );
    const positions = batch.ops.flatMap((op, i) => (op && outcome[i] === null ? [i] : []));
    let matched = 0;
    const written = await this.bulk.write(
      positions.map((i) => batch.ops[i]!),
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
  ): Promise<RepositoryPage<ProfileRecord>> {
    const docs = await this.profiles
      .find(profileListFilter(filter, sort, after))
      .sort(sortDocument(sort))
      .limit(limit + 1)
      .read(this.config.mongo.readPreference)
      .lean();
    return toRepositoryPage(docs, limit, sort, (doc) => doc);
  }
}
