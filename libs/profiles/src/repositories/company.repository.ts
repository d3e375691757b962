import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  type AnyBulkWriteOperation,
  type ClientSession,
  type Model,
  type QueryFilter,
  Types,
  trusted,
} from 'mongoose';
import type { CursorPosition } from '@scout/common';
import { AppConfig } from '@scout/config';
import { BulkWriter } from '@scout/database';
import { toCompanyView } from '../profile.mapper';
import { ProfilesErrors } from '../profiles.errors';
import type { CompanyInput, CompanyPatch, CompanySummary, CompanyView } from '../profiles.types';
import { Company } from '../schemas/company.schema';
import {
  afterPosition,
  type RepositoryPage,
  type SortSpec,
  sortDocument,
  toRepositoryPage,
} from './list-page';
import { isDuplicateKey, splitPatch, type UpdateOutcome } from './repository.helpers';

const SUMMARY_FIELDS = { publicId: 1, name: 1 } as const;
const ENSURE_ATTEMPTS = 5;

/** The only code that touches the companies collection. */
@Injectable()
export class CompanyRepository {
  constructor(
    @InjectModel(Company.name) private readonly companies: Model<Company>,
    private readonly config: AppConfig,
    private readonly bulk: BulkWriter,
  ) {}

  async create(input: CompanyInput): Promise<CompanyView> {
    try {
      const created = await this.companies.create({ ...input, version: 1 });
      return toCompanyView(created.toObject());
    } catch (error) {
      if (isDuplicateKey(error)) throw ProfilesErrors.duplicateCompany();
      throw error;
    }
  }

  /**
   * Creates the companies that do not exist yet, by publicId; existing ones are left as they
   * are (their data is curated, a scrape only introduces them). Safe to repeat and to race:
   * a concurrent insert of the same publicId is simply a no-op here. Returns publicId → id for
   * all of them, so the caller resolves its references without reading them again.
   */
  async ensureExist(companies: CompanyInput[]): Promise<Map<string, string>> {
    // Most scraped pages name companies Scout knows already: one read settles those, and only
    // the rest are written.
    const ids = await this.idsByPublicId(companies);
    let missing = companies.filter((company) => !ids.has(company.publicId));
    // Upserts that race on FerretDB can lose an insert (its upsert is not atomic and a clash
    // aborts the batch), so read what is still unknown and try again for what is missing.
    for (let attempt = 1; missing.length > 0 && attempt <= ENSURE_ATTEMPTS; attempt++) {
      try {
        const outcome = await this.bulk.write(
          missing.map<AnyBulkWriteOperation<Company>>((company) => ({
            updateOne: {
              filter: { publicId: company.publicId },
              update: { $setOnInsert: { ...company, version: 1 } },
              upsert: true,
            },
          })),
          (chunk) => this.upsertChunk(chunk, ids),
        );
        const refused = outcome.find((error) => error && !isDuplicateKey(error));
        if (refused) throw refused;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      // An upsert that met a company inserted by a racing writer reports no id: read those.
      const unknown = missing.filter((company) => !ids.has(company.publicId));
      for (const [publicId, id] of await this.idsByPublicId(unknown)) ids.set(publicId, id);
      missing = unknown.filter((company) => !ids.has(company.publicId));
    }
    return ids;
  }

  /** Sends one chunk of upserts and notes into `ids` the ids of the companies it inserted. */
  private async upsertChunk(
    chunk: AnyBulkWriteOperation<Company>[],
    ids: Map<string, string>,
  ): Promise<unknown> {
    const note = (upserted: Record<number, Types.ObjectId> | undefined) => {
      for (const [index, id] of Object.entries(upserted ?? {})) {
        const op = chunk[Number(index)];
        const filter: { publicId?: unknown } = op && 'updateOne' in op ? op.updateOne.filter : {};
        if (typeof filter.publicId === 'string') ids.set(filter.publicId, id.toHexString());
      }
    };
    try {
      const result = await this.companies.bulkWrite(chunk, { ordered: false });
      note(result.upsertedIds);
      return result;
    } catch (error) {
      note(
        (error as { result?: { upsertedIds?: Record<number, Types.ObjectId> } }).result
          ?.upsertedIds,
      );
      throw error;
    }
  }

  /** PublicId → id of the stored companies among `companies`. */
  private async idsByPublicId(companies: CompanyInput[]): Promise<Map<string, string>> {
    if (companies.length === 0) return new Map();
    const present = await this.companies
      .find({ publicId: trusted({ $in: companies.map((c) => c.publicId) }) }, { publicId: 1 })
      .lean();
    return new Map(present.map((doc) => [doc.publicId, doc._id.toHexString()]));
  }

  async findById(id: string): Promise<CompanyView | null> {
    const doc = await this.companies.findById(new Types.ObjectId(id)).lean();
    return doc ? toCompanyView(doc) : null;
  }

  async findByPublicId(publicId: string): Promise<CompanyView | null> {
    const doc = await this.companies.findOne({ publicId }).lean();
    return doc ? toCompanyView(doc) : null;
  }

  /** Summaries for inlining into profiles: one query for any number of ids. */
  async findSummaries(ids: string[]): Promise<Map<string, CompanySummary>> {
    if (ids.length === 0) return new Map();
    const docs = await this.companies
      .find({ _id: trusted({ $in: ids.map((id) => new Types.ObjectId(id)) }) }, SUMMARY_FIELDS)
      .lean();
    return new Map(
      docs.map((d) => {
        const id = d._id.toHexString();
        return [id, { id, publicId: d.publicId, name: d.name }];
      }),
    );
  }

  /** Maps company references (ObjectId or publicId) to ids; unknown references are absent. */
  async resolveRefs(refs: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(refs)];
    if (unique.length === 0) return new Map();
    const ids = unique.filter((r) => /^[0-9a-f]{24}$/.test(r)).map((r) => new Types.ObjectId(r));
    // Resolving a write's references (up to a batch's worth): the write's deadline applies.
    const docs = await this.companies
      .find(
        { $or: [{ _id: trusted({ $in: ids }) }, { publicId: trusted({ $in: unique }) }] },
        { publicId: 1 },
      )
      .maxTimeMS(this.config.mongo.writeTimeoutMs)
      .lean();
    const resolved = new Map<string, string>();
    for (const doc of docs) {
      const id = doc._id.toHexString();
      if (unique.includes(id)) resolved.set(id, id);
      if (unique.includes(doc.publicId)) resolved.set(doc.publicId, id);
    }
    return resolved;
  }

  /**
   * Applies a patch, bumping the version. With `expectedVersion` the write happens only if the
   * stored version still matches, atomically, so two writers with the same ETag cannot both win.
   */
  async update(
    id: string,
    patch: CompanyPatch,
    expectedVersion?: number,
  ): Promise<UpdateOutcome<CompanyView>> {
    const filter: QueryFilter<Company> = { _id: new Types.ObjectId(id) };
    if (expectedVersion !== undefined) filter.version = expectedVersion;
    const { $set, $unset } = splitPatch(patch);
    const updated = await this.companies
      .findOneAndUpdate(
        filter,
        { $set, $unset, $inc: { version: 1 } },
        { returnDocument: 'after', runValidators: true },
      )
      .lean();
    if (updated) return { status: 'updated', value: toCompanyView(updated) };
    const current = await this.companies.findById(filter._id, { version: 1 }).lean();
    return current ? { status: 'stale', currentVersion: current.version } : { status: 'missing' };
  }

  async delete(id: string, session?: ClientSession): Promise<CompanyView | null> {
    const deleted = await this.companies
      .findByIdAndDelete(new Types.ObjectId(id), { session })
      .lean();
    return deleted ? toCompanyView(deleted) : null;
  }

  async listPage(
    sort: SortSpec,
    limit: number,
    after?: CursorPosition,
  ): Promise<RepositoryPage<CompanyView>> {
    const filter: QueryFilter<Company> = after ? afterPosition<Company>(sort, after) : {};
    const docs = await this.companies
      .find(filter)
      .sort(sortDocument(sort))
      .limit(limit + 1)
      .read(this.config.mongo.readPreference)
      .lean();
    return toRepositoryPage(docs, limit, sort, toCompanyView);
  }
}
