import { type QueryFilter, Types, trusted } from 'mongoose';
import { type CursorPosition, escapeRegex } from '@scout/common';
import type { Profile } from '../schemas/profile.schema';
import { afterPosition, type SortSpec } from './list-page';

/** Filters of the profile list, already resolved (company id, normalized skill, tokens). */
export interface ProfileFilter {
  companyId?: string;
  skill?: string;
  country?: string;
  tokens?: string[];
  updatedSince?: Date;
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
