import { Injectable, Logger } from '@nestjs/common';
import { Error as MongooseError, Types } from 'mongoose';
import { CacheService } from '@scout/caching';
import {
  CursorCodec,
  DomainError,
  ErrorCode,
  type FieldError,
  type Page,
  searchTokens,
} from '@scout/common';
import { AppConfig } from '@scout/config';
import { DocumentLock, isDuplicateKeyError } from '@scout/database';
import { type Actor, EventLog } from '@scout/events';
import { CacheKeys } from './cache-keys';
import { CompaniesService } from './companies.service';
import { parseRef, type ResourceRef } from './identifier';
import { createdEvent, deletedEvent, refinedFrom, updatedEvent } from './profile-events';
import { companyRefs, toProfileView } from './profile.mapper';
import {
  contentHash,
  type NormalizedProfile,
  normalizeProfile,
  profileSearchTerms,
} from './profile.normalizer';
import { ProfilesErrors } from './profiles.errors';
import type {
  BatchItemResult,
  CreateOptions,
  ProfileInput,
  ProfileListQuery,
  ProfilePatch,
  ProfileView,
  ScrapeResultInput,
} from './profiles.types';
import { SuppressionCheck } from './suppression.check';
import { CompanyRepository } from './repositories/company.repository';
import type { SortSpec } from './repositories/list-page';
import {
  type BatchWrite,
  type ProfileContent,
  type ProfileFilter,
  ProfileMovedOnError,
  type ProfileRecord,
  ProfileRepository,
} from './repositories/profile.repository';
import type { UpdateOutcome } from './repositories/repository.helpers';

const SORTS: Record<NonNullable<ProfileListQuery['sort']>, SortSpec> = {
  '-updatedAt': { field: 'updatedAt', direction: -1, kind: 'date' },
  fullName: { field: 'fullName', direction: 1, kind: 'string' },
};

const MAX_QUERY_TOKENS = 8;
const UPDATE_ATTEMPTS = 3;
/** Pause before trying a write again whose next version another writer holds, per attempt. */
const BUSY_BACKOFF_MS = 50;

function isBusy(error: unknown): boolean {
  return error instanceof DomainError && error.code === ErrorCode.Conflict;
}

/**
 * Rules for profiles: normalization, company references, cached reads, batches. Every write
 * records its change event (with who made it, the field-level diff and the stored result) through
 * the EventLog, in the same step as the write.
 */
@Injectable()
export class ProfilesService {
  private readonly logger = new Logger('Profiles');
  private readonly cursors: CursorCodec;

  constructor(
    private readonly profiles: ProfileRepository,
    private readonly companyRecords: CompanyRepository,
    private readonly companies: CompaniesService,
    private readonly cache: CacheService,
    private readonly locks: DocumentLock,
    private readonly events: EventLog,
    private readonly config: AppConfig,
    private readonly suppression: SuppressionCheck,
  ) {
    this.cursors = new CursorCodec(config.api.cursorSecrets);
  }

  async get(rawId: string): Promise<ProfileView> {
    const ref = parseRef(rawId);
    const key =
      ref.kind === 'id' ? CacheKeys.profileById(ref.value) : CacheKeys.profileByPublicId(ref.value);
    const profile = await this.cache.getOrLoad(key, () => this.load(ref), {
      namespace: 'profile',
      ttlMs: this.config.cache.profileTtlMs,
    });
    if (!profile) throw ProfilesErrors.profileNotFound(rawId);
    return profile;
  }

  /**
   * Creates a profile. With `adoptIdentical` (a retry of a create whose outcome was unknown), a
   * profile that already has this publicId and exactly this content is taken as the earlier
   * attempt's result instead of a conflict.
   */
  async create(
    input: ProfileInput,
    actor: Actor,
    options: CreateOptions = {},
  ): Promise<ProfileView> {
    await this.suppression.assertAllowed(input);
    const content = await this.resolve(normalizeProfile(input));
    let record: ProfileRecord;
    try {
      record = await this.createRecorded(content, actor);
    } catch (error) {
      if (!(
        options.adoptIdentical &&
        error instanceof DomainError &&
        error.code === ErrorCode.DuplicateKey
      )) {
        throw error;
      }
      const existing = await this.profiles.findByPublicId(content.publicId);
      if (existing?.contentHash !== content.contentHash) throw error;
      return this.toView(existing);
    }
    const view = await this.toView(record);
    await this.cache.invalidate(CacheKeys.forProfile(view.id, view.publicId));
    return view;
  }

  /**
   * Applies a partial update. With `expectedVersion` (from If-Match) a concurrent change is a
   * 412; without it, the update is still atomic per attempt and retried on a concurrent change,
   * so two clients patching different fields never lose each other's writes. With
   * `adoptIdentical` (a retry of a patch whose outcome was unknown), a stale `expectedVersion` is
   * no conflict when the profile already holds exactly what the patch asks for.
   */
  async update(
    rawId: string,
    patch: ProfilePatch,
    actor: Actor,
    expectedVersion?: number,
    options: CreateOptions = {},
  ): Promise<ProfileView> {
    const target = await this.find(parseRef(rawId));
    if (!target) throw ProfilesErrors.profileNotFound(rawId);
    const id = target._id.toHexString();
    return this.locks.withLock(`profile:${id}`, () =>
      this.applyPatch(id, rawId, patch, actor, expectedVersion, options.adoptIdentical === true),
    );
  }

  private async applyPatch(
    id: string,
    rawId: string,
    patch: ProfilePatch,
    actor: Actor,
    expectedVersion: number | undefined,
    adoptIdentical: boolean,
  ): Promise<ProfileView> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.profiles.findById(id);
      if (!current) throw ProfilesErrors.profileNotFound(rawId);
      const stale = expectedVersion !== undefined && current.version !== expectedVersion;
      if (stale && !adoptIdentical) throw ProfilesErrors.preconditionFailed(current.version);
      const content = await this.resolve(normalizeProfile(mergePatch(current, patch)));
      const cleared = Object.fromEntries(
        Object.entries(patch)
          .filter(([, value]) => value === null)
          .map(([key]) => [key, null]),
      );
      const unchanged =
        content.contentHash === current.contentHash && Object.keys(cleared).length === 0;
      if (stale && !unchanged) throw ProfilesErrors.preconditionFailed(current.version);
      if (unchanged) return this.toView(current);
      let outcome: UpdateOutcome<ProfileRecord>;
      try {
        outcome = await this.updateRecorded(current, { ...content, ...cleared }, actor);
      } catch (error) {
        if (!isBusy(error) || attempt >= UPDATE_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, attempt * BUSY_BACKOFF_MS));
        continue;
      }
      if (outcome.status === 'missing') throw ProfilesErrors.profileNotFound(rawId);
      if (outcome.status === 'stale') {
        if (expectedVersion !== undefined || attempt >= UPDATE_ATTEMPTS) {
          throw ProfilesErrors.preconditionFailed(outcome.currentVersion);
        }
        continue;
      }
      const view = await this.toView(outcome.value);
      await this.cache.invalidate(CacheKeys.forProfile(view.id, view.publicId));
      return view;
    }
  }

  /** Deletes a profile for good, and every cached copy of it; history keeps the deletion. */
  async delete(rawId: string, actor: Actor): Promise<void> {
    const target = await this.find(parseRef(rawId));
    if (!target) throw ProfilesErrors.profileNotFound(rawId);
    const id = target._id.toHexString();
    const deleted = await this.locks.withLock(`profile:${id}`, async () => {
      const current = await this.profiles.findById(id);
      if (!current) return null;
      const event = deletedEvent(current, actor);
      return this.events.record({
        events: [event],
        write: (session, staged) => {
          if (!staged[0]) throw ProfilesErrors.busy();
          return this.profiles.delete(id, current.version, session);
        },
        settle: (removed) => [removed ? event : null],
      });
    });
    if (!deleted) throw ProfilesErrors.profileNotFound(rawId);
    await this.cache.invalidate(CacheKeys.forProfile(id, target.publicId));
  }

  async list(query: ProfileListQuery): Promise<Page<ProfileView>> {
    const filter: ProfileFilter = {
      skill: query.skill?.trim().toLowerCase(),
      country: query.country?.toUpperCase(),
      tokens: query.q ? searchTokens(query.q).slice(0, MAX_QUERY_TOKENS) : undefined,
      updatedSince: query.updatedSince,
    };
    if (filter.tokens?.length === 0) {
      // A search with no words in it (only punctuation) matches nothing, rather than everything.
      return { data: [], page: { limit: query.limit, nextCursor: null } };
    }
    if (query.company) {
      const company = await this.companies.find(parseRef(query.company));
      if (!company) return { data: [], page: { limit: query.limit, nextCursor: null } };
      filter.companyId = company.id;
    }
    return this.page(filter, query);
  }

  /** Current employees of a company; an unknown company is a 404, not an empty list. */
  async listForCompany(rawCompanyId: string, query: ProfileListQuery): Promise<Page<ProfileView>> {
    const company = await this.companies.find(parseRef(rawCompanyId));
    if (!company) throw ProfilesErrors.companyNotFound(rawCompanyId);
    return this.page({ companyId: company.id }, query);
  }

  /**
   * Upserts up to 1,000 already-validated profiles by publicId: company references resolved in
   * one query, current versions read in one query, all changes written in one unordered bulk
   * write. A profile whose content hash is unchanged is not written at all, so resending a
   * batch reports every item `unchanged`.
   */
  async batchUpsert(
    items: Array<{ index: number; input: ProfileInput }>,
    actor: Actor,
  ): Promise<BatchItemResult[]> {
    const results: BatchItemResult[] = [];
    let normalized: Array<{ index: number; profile: NormalizedProfile }> = [];
    const seen = new Set<string>();
    for (const { index, input } of items) {
      if (seen.has(input.publicId)) {
        results.push(
          invalid(index, input.publicId, [
            {
              field: 'publicId',
              message: 'appears more than once in this batch',
              code: 'duplicateInBatch',
            },
          ]),
        );
        continue;
      }
      seen.add(input.publicId);
      try {
        normalized.push({ index, profile: normalizeProfile(input) });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        results.push(invalid(index, input.publicId, error.errors ?? []));
      }
    }

    const suppressed = await this.suppression.suppressed(normalized.map((item) => item.profile));
    for (const [i, { index, profile }] of normalized.entries()) {
      if (suppressed[i]) results.push({ index, status: 'suppressed', publicId: profile.publicId });
    }
    normalized = normalized.filter((_, i) => !suppressed[i]);

    const refs = normalized.flatMap(({ profile }) => referencedCompanies(profile));
    const resolvedRefs = await this.companyRecords.resolveRefs(refs);
    const existing = await this.profiles.findByPublicIds(
      normalized.map(({ profile }) => profile.publicId),
    );
    const writes: Array<BatchWrite & { index: number; publicId: string }> = [];

    for (const { index, profile } of normalized) {
      const unknown = referencedCompanies(profile).filter((ref) => !resolvedRefs.has(ref));
      if (unknown.length > 0) {
        results.push(
          invalid(index, profile.publicId, [
            {
              field: 'currentCompany',
              message: `unknown company: ${unknown.join(', ')}`,
              code: 'unknownCompany',
            },
          ]),
        );
        continue;
      }
      const content = buildContent(profile, resolvedRefs);
      const current = existing.get(profile.publicId);
      const { publicId } = profile;
      if (!current) {
        writes.push({
          kind: 'insert',
          id: new Types.ObjectId().toHexString(),
          content,
          index,
          publicId,
        });
      } else if (current.contentHash === content.contentHash) {
        results.push({ index, status: 'unchanged', id: current._id.toHexString(), publicId });
      } else {
        const id = current._id.toHexString();
        writes.push({ kind: 'update', id, content, before: current, index, publicId });
      }
    }

    const outcome = await this.writeBatchRecorded(writes, actor);
    const invalidations: string[] = [];
    writes.forEach(({ kind, id, index, publicId }, i) => {
      const refused = outcome[i];
      if (refused) {
        results.push(invalid(index, publicId, refusalErrors(refused)));
        return;
      }
      results.push({ index, status: kind === 'insert' ? 'created' : 'updated', id, publicId });
      invalidations.push(...CacheKeys.forProfile(id, publicId));
    });
    await this.cache.invalidate(invalidations);
    return results.sort((a, b) => a.index - b.index);
  }

  /**
   * Lands a scraped page idempotently: unknown companies are created, the profile is created
   * or updated by publicId, and a page whose content hash matches what is stored writes no
   * content at all (no new version, no `updatedAt` change) — so re-running the same job, or
   * re-scraping an unchanged page, changes nothing but the scrape bookkeeping.
   */
  async applyScrape(input: ScrapeResultInput): Promise<{ profileId: string; changed: boolean }> {
    await this.suppression.assertAllowed(input.profile);
    await this.companyRecords.ensureExist(input.companies);
    const content = await this.resolve(normalizeProfile({ ...input.profile, source: 'scrape' }));
    const actor: Actor = `scrape-job:${input.jobId}`;
    let existing = await this.profiles.findByPublicId(content.publicId);
    let changed = false;
    if (!existing) {
      try {
        existing = await this.createRecorded(content, actor);
        changed = true;
      } catch (error) {
        if (!(error instanceof DomainError && error.code === ErrorCode.DuplicateKey)) throw error;
        existing = await this.profiles.findByPublicId(content.publicId);
      }
    }
    if (!existing) throw ProfilesErrors.profileNotFound(content.publicId);
    const id = existing._id.toHexString();
    if (!changed && existing.contentHash !== content.contentHash) {
      await this.locks.withLock(`profile:${id}`, async () => {
        for (let attempt = 1; ; attempt++) {
          const current = await this.profiles.findById(id);
          if (!current || current.contentHash === content.contentHash) return;
          try {
            const outcome = await this.updateRecorded(current, content, actor);
            changed = outcome.status === 'updated';
            return;
          } catch (error) {
            if (!isBusy(error) || attempt >= UPDATE_ATTEMPTS) throw error;
            await new Promise((resolve) => setTimeout(resolve, attempt * BUSY_BACKOFF_MS));
          }
        }
      });
    }
    await this.profiles.markScraped(id, {
      status: 'succeeded',
      jobId: input.jobId,
      contentHash: input.pageHash,
      at: new Date(),
    });
    await this.cache.invalidate(CacheKeys.forProfile(id, content.publicId));
    return { profileId: id, changed };
  }

  /** Records a final scrape failure on the profile, when there is one. */
  async recordScrapeFailure(publicId: string, jobId: string): Promise<void> {
    const existing = await this.profiles.findByPublicId(publicId);
    if (!existing) return;
    const id = existing._id.toHexString();
    await this.profiles.markScraped(id, { status: 'failed', jobId, at: new Date() });
    await this.cache.invalidate(CacheKeys.forProfile(id, publicId));
  }

  /** Notes on existing profiles that a scrape is queued, so re-scrape batches skip them. */
  markScrapeQueued(publicIds: string[]): Promise<void> {
    return this.profiles.markScrapeQueued(publicIds);
  }

  /** A queued scrape was cancelled: the profile returns to its last finished scrape state. */
  clearScrapeQueued(publicId: string): Promise<void> {
    return this.profiles.clearScrapeQueued(publicId);
  }

  /** PublicIds whose last successful scrape is older than `olderThanMs`, for re-scraping. */
  staleProfiles(olderThanMs: number, limit: number): Promise<string[]> {
    return this.profiles.findStale(new Date(Date.now() - olderThanMs), limit);
  }

  /** Loads the most recently updated profiles into the cache, so a fresh process starts warm. */
  async warm(count: number): Promise<number> {
    const ids = await this.profiles.recentlyUpdatedIds(count);
    let warmed = 0;
    for (const id of ids) {
      try {
        await this.get(id);
        warmed++;
      } catch (error) {
        this.logger.warn({ errName: (error as Error).name }, 'cache warming skipped a profile');
      }
    }
    return warmed;
  }

  /** Inserts a new profile with its `profile.created` event. */
  private createRecorded(content: ProfileContent, actor: Actor): Promise<ProfileRecord> {
    const id = new Types.ObjectId().toHexString();
    const at = new Date();
    const event = createdEvent(this.profiles.previewCreate(id, content, at), actor);
    return this.events.record({
      events: [event],
      write: (session) => this.profiles.create(id, content, at, session),
      settle: (created) => [refinedFrom(event, null, created)],
    });
  }

  /**
   * Updates a profile read at `current.version` with its `profile.updated` event; throws a
   * conflict when another writer holds the next version (a batch in flight). Callers hold the
   * profile's lock.
   */
  private updateRecorded(
    current: ProfileRecord,
    changes: Partial<ProfileContent> & Record<string, unknown>,
    actor: Actor,
  ): Promise<UpdateOutcome<ProfileRecord>> {
    const id = current._id.toHexString();
    const at = new Date();
    const event = updatedEvent(current, this.profiles.previewUpdate(current, changes, at), actor);
    return this.events.record({
      events: [event],
      write: (session, staged) => {
        if (!staged[0]) throw ProfilesErrors.busy();
        return this.profiles.update(id, changes, current.version, session, at);
      },
      settle: (outcome) => [
        outcome.status === 'updated' ? refinedFrom(event, current, outcome.value) : null,
      ],
    });
  }

  /**
   * Writes a batch with one event per written profile, staged in bulk before the write. A batch
   * keeps per-item outcomes, which one refused item would turn into the whole batch's failure
   * inside a transaction, so it always takes the staged (pending, then committed) path.
   */
  private async writeBatchRecorded(writes: Array<BatchWrite & { index: number }>, actor: Actor) {
    const prepared = this.profiles.prepareBatch(writes, new Date());
    const evented = writes.flatMap((write, i) => {
      const after = prepared.after[i];
      if (!after) return [];
      const event =
        write.kind === 'insert'
          ? createdEvent(after, actor)
          : updatedEvent(write.before, after, actor);
      return [{ position: i, event }];
    });
    return this.events.record(
      {
        events: evented.map(({ event }) => event),
        write: (session, staged) => {
          const include = writes.map(() => false);
          evented.forEach(({ position }, j) => (include[position] = staged[j]));
          return this.profiles.writeBatch(prepared, include, session);
        },
        settle: (outcome) =>
          evented.map(({ position, event }) => (outcome[position] ? null : event)),
      },
      { transaction: false },
    );
  }

  private async page(filter: ProfileFilter, query: ProfileListQuery): Promise<Page<ProfileView>> {
    const sortName = query.sort ?? '-updatedAt';
    const scope = `profiles|${sortName}|${JSON.stringify(filter)}`;
    const after = query.cursor ? this.cursors.decode(scope, query.cursor) : undefined;
    const page = await this.profiles.listPage(filter, SORTS[sortName], query.limit, after);
    const summaries = await this.companyRecords.findSummaries([
      ...new Set(page.items.flatMap(companyRefs)),
    ]);
    return {
      data: page.items.map((item) => toProfileView(item, summaries)),
      page: {
        limit: query.limit,
        nextCursor: page.hasMore && page.last ? this.cursors.encode(scope, page.last) : null,
      },
    };
  }

  private async find(ref: ResourceRef): Promise<ProfileRecord | null> {
    if (ref.kind === 'publicId') return this.profiles.findByPublicId(ref.value);
    return (await this.profiles.findById(ref.value)) ?? this.profiles.findByPublicId(ref.value);
  }

  private async load(ref: ResourceRef): Promise<ProfileView | null> {
    const record = await this.find(ref);
    return record ? this.toView(record) : null;
  }

  private async toView(record: ProfileRecord): Promise<ProfileView> {
    return toProfileView(record, await this.companyRecords.findSummaries(companyRefs(record)));
  }

  private async resolve(profile: NormalizedProfile): Promise<ProfileContent> {
    const refs = referencedCompanies(profile);
    const resolved = await this.companyRecords.resolveRefs(refs);
    const unknown = refs.filter((ref) => !resolved.has(ref));
    if (unknown.length > 0) {
      const field =
        profile.currentCompany && unknown.includes(profile.currentCompany)
          ? 'currentCompany'
          : 'experiences';
      throw ProfilesErrors.unknownCompany(unknown, field);
    }
    return buildContent(profile, resolved);
  }
}

function invalid(
  index: number,
  publicId: string | undefined,
  errors: FieldError[],
): BatchItemResult {
  return { index, status: 'invalid', publicId, errors };
}

/** Why the database refused one item of a batch, as field errors for that item. */
function refusalErrors(error: Error): FieldError[] {
  if (error instanceof MongooseError.ValidationError) {
    return Object.values(error.errors).map((e) => ({
      field: e.path,
      message: e.message,
      code: e instanceof MongooseError.ValidatorError ? e.kind : 'cast',
    }));
  }
  if (error instanceof ProfileMovedOnError) {
    return [
      {
        field: '',
        message: 'another request changed this profile at the same time; send it again',
        code: 'conflict',
      },
    ];
  }
  if (isDuplicateKeyError(error)) {
    return [
      {
        field: 'publicId',
        message: 'another request created this profile at the same time; send it again',
        code: 'duplicate',
      },
    ];
  }
  return [{ field: '', message: 'the database refused this profile', code: 'writeRefused' }];
}

function referencedCompanies(profile: NormalizedProfile): string[] {
  const refs = profile.experiences.map((e) => e.company).filter((c): c is string => !!c);
  if (profile.currentCompany) refs.push(profile.currentCompany);
  return [...new Set(refs)];
}

function buildContent(
  profile: NormalizedProfile,
  refs: ReadonlyMap<string, string>,
): ProfileContent {
  const withoutHash = {
    publicId: profile.publicId,
    url: profile.url,
    fullName: profile.fullName,
    headline: profile.headline,
    summary: profile.summary,
    location: profile.location,
    currentCompany: profile.currentCompany ? refs.get(profile.currentCompany) : undefined,
    experiences: profile.experiences.map((e) => ({
      ...e,
      company: e.company ? refs.get(e.company) : undefined,
    })),
    education: profile.education,
    skills: profile.skills,
    searchTerms: profileSearchTerms(profile.fullName, profile.headline),
    source: profile.source,
  };
  return { ...withoutHash, contentHash: contentHash(withoutHash) };
}

/** The stored profile as input, with the patch applied (`null` clears a field). */
function mergePatch(current: ProfileRecord, patch: ProfilePatch): ProfileInput {
  const base: ProfileInput = {
    publicId: current.publicId,
    url: current.url,
    fullName: current.fullName,
    headline: current.headline,
    summary: current.summary,
    location: current.location,
    currentCompany: current.currentCompany?.toHexString(),
    // A profile whose experiences were cleared (`null`) is stored without them.
    experiences: (current.experiences ?? []).map((e) => ({
      ...e,
      company: e.company?.toHexString(),
    })),
    education: current.education,
    skills: current.skills,
    source: current.source as ProfileInput['source'],
  };
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  return merged as unknown as ProfileInput;
}
