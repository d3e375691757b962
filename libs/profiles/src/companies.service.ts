import { Injectable } from '@nestjs/common';
import { CacheService } from '@scout/caching';
import { CursorCodec, DomainError, ErrorCode, type Page, sanitizeText } from '@scout/common';
import { AppConfig } from '@scout/config';
import { DocumentLock, TransactionRunner } from '@scout/database';
import { CacheKeys } from './cache-keys';
import { CompanyReferenceLeases } from './company-reference.leases';
import { parseRef, type ResourceRef } from './identifier';
import { ProfilesErrors } from './profiles.errors';
import type {
  CompanyInput,
  CompanyListQuery,
  CompanyPatch,
  CompanyView,
  CreateOptions,
} from './profiles.types';
import { CompanyRepository } from './repositories/company.repository';
import type { SortSpec } from './repositories/list-page';
import { ProfileRepository } from './repositories/profile.repository';

const SORTS: Record<NonNullable<CompanyListQuery['sort']>, SortSpec> = {
  '-updatedAt': { field: 'updatedAt', direction: -1, kind: 'date' },
  name: { field: 'name', direction: 1, kind: 'string' },
};

function cleanCompany<T extends Partial<CompanyInput> | CompanyPatch>(input: T): T {
  const out: Record<string, unknown> = { ...input };
  for (const field of ['name', 'industry', 'headquarters', 'description'] as const) {
    const value = out[field];
    if (typeof value !== 'string') continue;
    const cleaned = sanitizeText(value);
    if (cleaned.length === 0 && field === 'name') throw ProfilesErrors.emptyAfterSanitizing(field);
    out[field] = cleaned.length > 0 ? cleaned : undefined;
  }
  return out as T;
}

function isDuplicate(error: unknown): boolean {
  return error instanceof DomainError && error.code === ErrorCode.DuplicateKey;
}

/** Whether every field the input sets is stored with that value. */
function sameContent(input: object, stored: object): boolean {
  const have = stored as Record<string, unknown>;
  return Object.entries(input).every(
    ([field, value]) =>
      value === undefined || JSON.stringify(have[field]) === JSON.stringify(value),
  );
}

/** Rules for companies: creation, cached reads, versioned updates, safe deletion. */
@Injectable()
export class CompaniesService {
  private readonly cursors: CursorCodec;

  constructor(
    private readonly companies: CompanyRepository,
    private readonly profiles: ProfileRepository,
    private readonly cache: CacheService,
    private readonly locks: DocumentLock,
    private readonly leases: CompanyReferenceLeases,
    private readonly transactions: TransactionRunner,
    private readonly config: AppConfig,
  ) {
    this.cursors = new CursorCodec(config.api.cursorSecrets);
  }

  /**
   * Creates a company. With `adoptIdentical` (a retry of a create whose outcome was unknown), a
   * company that already has this publicId and exactly this content is taken as the earlier
   * attempt's result instead of a conflict.
   */
  async create(input: CompanyInput, options: CreateOptions = {}): Promise<CompanyView> {
    const cleaned = cleanCompany(input);
    let created: CompanyView;
    try {
      created = await this.companies.create(cleaned);
    } catch (error) {
      if (!(options.adoptIdentical && isDuplicate(error))) throw error;
      const existing = await this.companies.findByPublicId(cleaned.publicId);
      if (!existing || !sameContent(cleaned, existing)) throw error;
      return existing;
    }
    await this.cache.invalidate(CacheKeys.forCompany(created.id, created.publicId));
    return created;
  }

  async get(rawId: string): Promise<CompanyView> {
    const ref = parseRef(rawId);
    const key =
      ref.kind === 'id' ? CacheKeys.companyById(ref.value) : CacheKeys.companyByPublicId(ref.value);
    const company = await this.cache.getOrLoad(key, () => this.find(ref), {
      namespace: 'company',
      ttlMs: this.config.cache.companyTtlMs,
    });
    if (!company) throw ProfilesErrors.companyNotFound(rawId);
    return company;
  }

  /** Uncached lookup by either form of id, for writes and for the cache loader. */
  async find(ref: ResourceRef): Promise<CompanyView | null> {
    if (ref.kind === 'publicId') return this.companies.findByPublicId(ref.value);
    return (await this.companies.findById(ref.value)) ?? this.companies.findByPublicId(ref.value);
  }

  async list(query: CompanyListQuery): Promise<Page<CompanyView>> {
    const sortName = query.sort ?? '-updatedAt';
    const scope = `companies|${sortName}`;
    const after = query.cursor ? this.cursors.decode(scope, query.cursor) : undefined;
    const page = await this.companies.listPage(SORTS[sortName], query.limit, after);
    return {
      data: page.items,
      page: {
        limit: query.limit,
        nextCursor: page.hasMore && page.last ? this.cursors.encode(scope, page.last) : null,
      },
    };
  }

  /**
   * Applies a partial update, checked against `expectedVersion` (If-Match) when given. With
   * `adoptIdentical` (a retry of a patch whose outcome was unknown), a stale version is no
   * conflict when the company already holds exactly what the patch asks for.
   */
  async update(
    rawId: string,
    patch: CompanyPatch,
    expectedVersion?: number,
    options: CreateOptions = {},
  ): Promise<CompanyView> {
    const current = await this.find(parseRef(rawId));
    if (!current) throw ProfilesErrors.companyNotFound(rawId);
    const cleaned = cleanCompany(patch);
    const outcome = await this.locks.withLock(`company:${current.id}`, () =>
      this.companies.update(current.id, cleaned, expectedVersion),
    );
    if (outcome.status === 'missing') throw ProfilesErrors.companyNotFound(rawId);
    if (outcome.status === 'stale') {
      const now = options.adoptIdentical ? await this.companies.findById(current.id) : null;
      if (now && sameContent(cleaned, now)) return now;
      throw ProfilesErrors.preconditionFailed(outcome.currentVersion);
    }
    await this.cache.invalidate(CacheKeys.forCompany(current.id, current.publicId));
    return outcome.value;
  }

  /**
   * Deletes a company nobody references; otherwise 409 with how many profiles still do, or
   * because profiles that reference it are being written. It holds the company's exclusive
   * reference lease, so no profile write resolves it between the count and the delete, and where
   * the server has transactions the count and the delete read one snapshot.
   */
  async delete(rawId: string): Promise<void> {
    const current = await this.find(parseRef(rawId));
    if (!current) throw ProfilesErrors.companyNotFound(rawId);
    await this.leases.whileDeleting(current, () =>
      this.transactions.withTransaction(async (session) => {
        const references = await this.profiles.countReferencing(current.id, session);
        if (references > 0) throw ProfilesErrors.companyInUse(references);
        await this.companies.delete(current.id, session);
      }),
    );
    await this.cache.invalidate(CacheKeys.forCompany(current.id, current.publicId));
  }
}
