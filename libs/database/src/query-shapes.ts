import type { Schema } from 'mongoose';

/** One sort key: a field and its direction. */
export type SortKey = readonly [field: string, direction: 1 | -1];

/** One way a query reaches documents: fields compared for equality, then ranges. */
export interface AccessPath {
  /** Fields matched with `$eq` or `$in`. */
  equality?: readonly string[];
  /** Fields bounded with `$lt`/`$gt`/`$gte`/`$lte` or an anchored `$regex`. */
  range?: readonly string[];
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
  /**
   * A query that is a union (`$or`) of lookups: every branch needs an index of its own, or the
   * server scans the collection.
   */
  anyOf?: readonly AccessPath[];
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
  key: Record<string, 1 | -1>;
  unique: boolean;
}

/**
 * A declared index that serves no query on purpose, such as a unique constraint that exists only
 * for integrity.
 */
export interface IndexExemption {
  collection: string;
  key: Record<string, 1 | -1>;
  reason: string;
}

/** What the coverage check found: shapes no index serves, indexes no shape uses. */
export interface IndexCoverage {
  /** For each shape, the indexes that serve it (`collection: {key}`). */
  served: Map<string, string[]>;
  problems: string[];
}

const ID_INDEX = { key: { _id: 1 as const }, unique: true };

/** Names an index the way problems and reports print it. */
export function describeIndex(index: Pick<IndexDeclaration, 'collection' | 'key'>): string {
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
        key: key as Record<string, 1 | -1>,
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
 * Checks declared shapes against declared indexes: a shape no index serves is a collection scan
 * waiting to happen, an index no shape uses only costs writes. Exempt indexes must say why.
 */
export function checkIndexCoverage(
  shapes: readonly QueryShape[],
  indexes: readonly IndexDeclaration[],
  exemptions: readonly IndexExemption[] = [],
): IndexCoverage {
  const problems: string[] = [];
  const served = new Map<string, string[]>();
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
    const candidates = indexes.filter((index) => index.collection === shape.collection);
    const paths = shape.anyOf ?? [shape];
    const serving: string[] = [];
    for (const path of paths) {
      const matches = candidates.filter((index) => servesPath(index, shape.anyOf ? path : shape));
      if (matches.length === 0) {
        problems.push(
          `shape ${shape.name} (${JSON.stringify(path.equality ?? [])} ` +
            `${JSON.stringify(shape.sort ?? [])} ${JSON.stringify(path.range ?? [])}) ` +
            `has no serving index on ${shape.collection}`,
        );
      }
      for (const index of matches) serving.push(describeIndex(index));
    }
    for (const name of serving) used.add(name);
    served.set(shape.name, serving);
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
  return { served, problems };
}
