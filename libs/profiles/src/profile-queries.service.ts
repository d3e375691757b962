import { Injectable, Logger } from '@nestjs/common';
import { CacheService } from '@scout/caching';
import { CursorCodec, type Page, searchTokens } from '@scout/common';
import { AppConfig } from '@scout/config';
import { CacheKeys } from './cache-keys';
import { CompaniesService } from './companies.service';
import { parseRef, type ResourceRef } from './identifier';
import { ProfileLookup } from './profile.lookup';
import { ProfilesErrors } from './profiles.errors';
import type { ProfileListQuery, ProfileView } from './profiles.types';
import type { SortSpec } from './repositories/list-page';
import type { ProfileFilter } from './repositories/profile-filter';
import { ProfileRepository } from './repositories/profile.repository';

const SORTS: Record<NonNullable<ProfileListQuery['sort']>, SortSpec> = {
  '-updatedAt': { field: 'updatedAt', direction: -1, kind: 'date' },
  fullName: { field: 'fullName', direction: 1, kind: 'string' },
};

const MAX_QUERY_TOKENS = 8;

/**
 * Reading profiles: single reads through the cache (by id or publicId), cursor-paginated lists
 * and searches, a company's current employees, and warming the cache with recent profiles.
 */
@Injectable()
export class ProfileQueries {
  private readonly logger = new Logger('Profiles');
  private readonly cursors: CursorCodec;

  constructor(
    private readonly profiles: ProfileRepository,
    private readonly lookup: ProfileLookup,
    private readonly companies: CompaniesService,
    private readonly cache: CacheService,
    private readonly config: AppConfig,
  ) {
    this.cursors = new CursorCodec(config.api.cursorSecrets);
  }

  /** One profile, cached under the form of id it was asked by; 404 when there is none. */
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

  /** A page of profiles by company, skill, country, name/headline prefixes and change time. */
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

  private async page(filter: ProfileFilter, query: ProfileListQuery): Promise<Page<ProfileView>> {
    const sortName = query.sort ?? '-updatedAt';
    const scope = `profiles|${sortName}|${JSON.stringify(filter)}`;
    const after = query.cursor ? this.cursors.decode(scope, query.cursor) : undefined;
    const page = await this.profiles.listPage(filter, SORTS[sortName], query.limit, after);
    return {
      data: await this.lookup.views(page.items),
      page: {
        limit: query.limit,
        nextCursor: page.hasMore && page.last ? this.cursors.encode(scope, page.last) : null,
      },
    };
  }

  private async load(ref: ResourceRef): Promise<ProfileView | null> {
    const profile = await this.lookup.find(ref);
    return profile ? this.lookup.view(profile) : null;
  }
}
