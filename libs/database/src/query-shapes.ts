import type { Schema } from 'mongoose';

/** One sort key: a field and its direction. */
export type SortKey = readonly [field: string, direction: 1 | -1];

/** An index key pattern, as `schema.index()` declares it. */
export type IndexKey = Record<string, 1 | -1>;

/** One way a query reaches documents: fields compared for equality, then ranges. */
export interface AccessPath {
  /** Fields matched with `$eq` or `$in`. */
  equality?: readonly string[];
  /** Fields bounded with `$lt`/`$gt`/`$gte`/`$lte` or an anchored `$regex`. */
  range?: readonly string[];
}

/** A branch of a union query, with the index that serves it. */
export interface ServedPath extends AccessPath {
  index: IndexKey;
}

/** A query as a repository sends it, with realistic values, for `explain`. */
export interface QueryExample {
  filter: Record<string, unknown>;
  sort?: Record<string, 1 | -1>;
  limit?: number;
}

/**
 * The shape of one repository query, declared beside the repository in equality → sort → range
 * order (the ESR rule), so a test can prove that a declared index serves it and that no declared
 * index goes unused.
 */
export interface QueryShape extends AccessPath {
  /** `collection.purpose`, e.g. `profiles.byPublicId`. */
  name: string;
  collection: string;
  /** The order asked for; an index serves it when it holds these keys right after the equality fields. */
  sort?: readonly SortKey[];
  /** The index that serves this shape; the check proves it is declared and serves it. */
  index?: IndexKey;
  /**
   * A query that is a union (`$or`) of lookups: every branch needs an index of its own, or the
   * server scans the collection. Such a shape names its indexes per branch.
   */
  anyOf?: readonly ServedPath[];
  /**
   * Fields filtered on the documents the index already narrowed down (an `$nin`, a version check
   * on a point lookup): they never pick the index.
   */
  residual?: readonly string[];
  /**
   * Why this query sorts in memory: its range comes before the sort in the index, because the range
   * is selective and walking the whole index in sort order would read far more. Absent for the
   * ESR case.
   */
  sortInMemory?: string;
  /** What `explain` runs: the query with realistic values, a cursor page where it has one. */
  examples: readonly QueryExample[];
}

/** An index as a schema declares it. */
export interface IndexDeclaration {
  collection: string;
  key: IndexKey;
  unique: boolean;
}

/**
 * A declared index that serves no query on purpose, such as a unique constraint that exists only
 * for integrity.
 */
export interface IndexExemption {
  collection: string;
  key: IndexKey;
  reason: string;
}

const ID_INDEX = { key: { _id: 1 as const }, unique: true };

/** Names an index the way problems and reports print it. */
function describeIndex(index: Pick<IndexDeclaration, 'collection' | 'key'>): string {
  return `${index.collection}: ${JSON.stringify(index.key)}`;
}

/**
 * The indexes the schemas declare, per collection, plus the implicit unique `_id` index every
 * collection has.
 */
export function declaredIndexes(models: ReadonlyArray<{ schema: Schema }>): IndexDeclaration[] {
  const indexes: IndexDeclaration[] = [];
  for (const { schema } of models) {
    const collection = schema.get('collection');
    if (typeof collection !== 'string') throw new Error('schema without a collection name');
    indexes.push({ collection, ...ID_INDEX });
    for (const [key, options] of schema.indexes()) {
      indexes.push({
        collection,
        key: key as IndexKey,
        unique: options.unique === true,
      });
    }
  }
  return indexes;
}

/**
 * Whether `index` serves a path in ESR order: every equality field leads (a unique index whose
 * keys are all equality fields pins at most one document and serves anything), then the sort keys
 * in order, all in their direction or all reversed, then the range fields that are not sort keys.
 * With `sortInMemory` the ranges come right after the equalities and the sort is not read from
 * the index.
 */
export function servesPath(
  index: Pick<IndexDeclaration, 'key' | 'unique'>,
  path: AccessPath & Pick<QueryShape, 'sort' | 'sortInMemory'>,
): boolean {
  const keys = Object.entries(index.key);
  const equality = new Set(path.equality ?? []);
  let at = 0;
  while (at < keys.length && equality.delete(keys[at][0])) at++;
  if (index.unique && at > 0 && at === keys.length) return true;
  if (equality.size > 0) return false;
  const sort = path.sort ?? [];
  if (!path.sortInMemory && sort.length > 0) {
    const flip = keys[at]?.[1] === sort[0][1] ? 1 : -1;
    for (const [field, direction] of sort) {
      if (keys[at]?.[0] !== field || keys[at][1] * flip !== direction) return false;
      at++;
    }
  }
  const sorted = new Set(path.sortInMemory ? [] : sort.map(([field]) => field));
  const ranges = new Set((path.range ?? []).filter((field) => !sorted.has(field)));
  while (at < keys.length && ranges.delete(keys[at][0])) at++;
  return ranges.size === 0;
}

/** Whether a shape declares anything an index could serve at all. */
function selects(shape: QueryShape): boolean {
  if (shape.anyOf) return shape.anyOf.length > 0;
  return Boolean(shape.equality?.length || shape.range?.length || shape.sort?.length);
}

/**
 * Checks declared shapes against declared indexes and returns what is wrong: a shape whose named
 * index is missing or does not serve it in ESR order is a collection scan or an in-memory sort
 * waiting to happen; an index no shape names only costs writes, unless it is exempt with a reason.
 */
export function checkIndexCoverage(
  shapes: readonly QueryShape[],
  indexes: readonly IndexDeclaration[],
  exemptions: readonly IndexExemption[] = [],
): string[] {
  const problems: string[] = [];
  const used = new Set<string>();
  const names = new Set<string>();
  for (const shape of shapes) {
    if (names.has(shape.name)) problems.push(`shape ${shape.name} is declared twice`);
    names.add(shape.name);
    if (!selects(shape)) {
      problems.push(`shape ${shape.name} declares no equality, sort or range`);
      continue;
    }
    if (shape.examples.length === 0) problems.push(`shape ${shape.name} has no example`);
    const paths = shape.anyOf ?? (shape.index ? [{ ...shape, index: shape.index }] : []);
    if (paths.length === 0) problems.push(`shape ${shape.name} names no index`);
    for (const path of paths) {
      const name = describeIndex({ collection: shape.collection, key: path.index });
      const declared = indexes.find((index) => describeIndex(index) === name);
      if (!declared) {
        problems.push(`shape ${shape.name} names ${name}, which no schema declares`);
      } else if (!servesPath(declared, shape.anyOf ? path : shape)) {
        problems.push(`shape ${shape.name} is not served by ${name} in ESR order`);
      } else {
        used.add(name);
      }
    }
  }
  const exempt = new Map(exemptions.map((e) => [describeIndex(e), e.reason]));
  for (const [name, reason] of exempt) {
    if (!reason.trim()) problems.push(`exemption of ${name} gives no reason`);
    if (!indexes.some((index) => describeIndex(index) === name)) {
      problems.push(`exemption of ${name} names no declared index`);
    }
  }
  for (const index of indexes) {
    const name = describeIndex(index);
    if (Object.keys(index.key).join() === '_id' || used.has(name) || exempt.has(name)) continue;
    problems.push(`index ${name} serves no declared query shape`);
  }
  return problems;
}
