import { type QueryFilter, Types, trusted } from 'mongoose';
import type { CursorPosition } from '@scout/common';

/** A sort a list offers: one field plus `_id` as the tie-breaker, both in one direction. */
export interface SortSpec {
  field: string;
  direction: 1 | -1;
  /** Turns a stored value into the cursor's JSON form and back. */
  kind: 'date' | 'string';
}

/** The sort document for a spec: always unique thanks to `_id`. */
export function sortDocument(sort: SortSpec): Record<string, 1 | -1> {
  return { [sort.field]: sort.direction, _id: sort.direction };
}

/**
 * Keyset condition "strictly after this position": an index seek, so page 5,000 costs what
 * page 1 costs, and inserts during a walk cannot shift items between pages.
 */
export function afterPosition<T>(sort: SortSpec, position: CursorPosition): QueryFilter<T> {
  const [rawValue, rawId] = position;
  if (typeof rawId !== 'string' || !Types.ObjectId.isValid(rawId)) throw new TypeError('cursor id');
  const value = sort.kind === 'date' ? new Date(Number(rawValue)) : String(rawValue);
  const id = new Types.ObjectId(rawId);
  const op = sort.direction === -1 ? '$lt' : '$gt';
  return {
    $or: [
      { [sort.field]: trusted({ [op]: value }) },
      { [sort.field]: value, _id: trusted({ [op]: id }) },
    ],
  };
}

/** The cursor position of an item: its sort value and id. */
export function positionOf(sort: SortSpec, doc: Record<string, unknown>): CursorPosition {
  const value = sort.field
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
  const id = (doc._id as Types.ObjectId).toHexString();
  return [value instanceof Date ? value.getTime() : String(value), id];
}

/** One page as a repository returns it: the items, where it ended, whether more follow. */
export interface RepositoryPage<T> {
  items: T[];
  last?: CursorPosition;
  hasMore: boolean;
}

/**
 * Cuts a result fetched with `limit + 1` into a page: the extra document only tells that
 * another page exists, without a count query.
 */
export function toRepositoryPage<D extends object, T>(
  docs: D[],
  limit: number,
  sort: SortSpec,
  map: (doc: D) => T,
): RepositoryPage<T> {
  const page = docs.slice(0, limit);
  const lastDoc = page.at(-1);
  return {
    items: page.map(map),
    last: lastDoc ? positionOf(sort, lastDoc as Record<string, unknown>) : undefined,
    hasMore: docs.length > limit,
  };
}
