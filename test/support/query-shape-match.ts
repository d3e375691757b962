import type { QueryShape, SortKey } from '@scout/database';

type Doc = Record<string, unknown>;

/** The fields a filter touches, by how an index can use them. */
interface Access {
  equality: Set<string>;
  range: Set<string>;
  /** `$nin`, `$ne`, `$exists`: conditions no index bound comes from. */
  other: Set<string>;
  /** Each `$or` of the filter, as its branches. */
  orGroups: Access[][];
}

/** A read or write filter as the driver sent it, with the sort it asked for. */
export interface CapturedQuery {
  command: string;
  collection: string;
  filter: Doc;
  sort?: Doc;
}

const EQUALITY_OPS = new Set(['$eq', '$in']);
const RANGE_OPS = new Set(['$lt', '$lte', '$gt', '$gte', '$regex']);
const IGNORED_OPS = new Set(['$options']);

function isOperatorDoc(value: unknown): value is Doc {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key.startsWith('$'));
}

function emptyAccess(): Access {
  return { equality: new Set(), range: new Set(), other: new Set(), orGroups: [] };
}

function accessOf(filter: Doc): Access {
  const access = emptyAccess();
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and') {
      for (const part of value as Doc[]) {
        const inner = accessOf(part);
        for (const field of inner.equality) access.equality.add(field);
        for (const field of inner.range) access.range.add(field);
        for (const field of inner.other) access.other.add(field);
        access.orGroups.push(...inner.orGroups);
      }
    } else if (key === '$or') {
      access.orGroups.push((value as Doc[]).map(accessOf));
    } else if (key.startsWith('$')) {
      access.other.add(key);
    } else if (isOperatorDoc(value)) {
      for (const op of Object.keys(value)) {
        if (EQUALITY_OPS.has(op)) access.equality.add(key);
        else if (RANGE_OPS.has(op)) access.range.add(key);
        else if (!IGNORED_OPS.has(op)) access.other.add(key);
      }
    } else {
      access.equality.add(key);
    }
  }
  return access;
}

function sameSort(sort: Doc | undefined, declared: readonly SortKey[] | undefined): boolean {
  const actual = Object.entries(sort ?? {});
  const wanted = declared ?? [];
  return (
    actual.length === wanted.length &&
    actual.every(([field, direction], i) => wanted[i][0] === field && wanted[i][1] === direction)
  );
}

const sameSet = (a: Iterable<string>, b: Iterable<string>): boolean => {
  const left = [...new Set(a)].sort();
  const right = [...new Set(b)].sort();
  return left.length === right.length && left.every((item, i) => item === right[i]);
};

/** Whether a union query has exactly the branches a shape's `anyOf` declares. */
function matchesUnion(access: Access, shape: QueryShape): boolean {
  if (!shape.anyOf || access.orGroups.length !== 1) return false;
  if (access.equality.size + access.range.size + access.other.size > 0) return false;
  return access.orGroups[0].every((branch) =>
    shape.anyOf!.some(
      (declared) =>
        sameSet(branch.equality, declared.equality ?? []) &&
        sameSet(branch.range, declared.range ?? []) &&
        branch.other.size === 0,
    ),
  );
}

/**
 * Whether a captured query is one of the declared shapes: the same sort, every declared equality
 * field present (so the index prefix applies), and nothing else but declared ranges, residual
 * conditions, or filters that sibling shapes with the same sort declare (filters combined).
 * An `$or` that is not a declared union (a keyset cursor, a "not set or older" test) counts as
 * bounds on its fields.
 */
function matchesShape(access: Access, sort: Doc | undefined, shape: QueryShape, all: QueryShape[]) {
  if (!sameSort(sort, shape.sort)) return false;
  if (shape.anyOf) return matchesUnion(access, shape);
  const bounds = new Set(access.range);
  const other = new Set(access.other);
  for (const branch of access.orGroups.flat()) {
    for (const field of [...branch.equality, ...branch.range]) bounds.add(field);
    for (const field of branch.other) other.add(field);
  }
  if (!(shape.equality ?? []).every((field) => access.equality.has(field))) return false;
  const residual = new Set(shape.residual ?? []);
  const allowed = new Set([
    ...(shape.equality ?? []),
    ...(shape.range ?? []),
    ...residual,
    ...(shape.sort ?? []).map(([field]) => field),
  ]);
  for (const sibling of all) {
    if (
      sibling.collection !== shape.collection ||
      !sameSort(Object.fromEntries(sibling.sort ?? []), shape.sort)
    ) {
      continue;
    }
    for (const field of [...(sibling.equality ?? []), ...(sibling.range ?? [])]) allowed.add(field);
  }
  return (
    [...access.equality, ...bounds].every((field) => allowed.has(field)) &&
    [...other].every((field) => residual.has(field))
  );
}

/** The declared shapes a captured query is an instance of; empty means undeclared. */
export function shapesOf(query: CapturedQuery, shapes: QueryShape[]): string[] {
  const access = accessOf(query.filter);
  return shapes
    .filter((shape) => shape.collection === query.collection)
    .filter((shape) => matchesShape(access, query.sort, shape, shapes))
    .map((shape) => shape.name);
}

/**
 * The filters a MongoDB command carries, as the driver's command monitoring reports it: one per
 * statement of an update or delete, the `$match` of a count's pipeline. Other commands (inserts,
 * index and admin commands) select nothing and give none.
 */
export function capturedQueries(command: Doc, commandName: string): CapturedQuery[] {
  const collection = command[commandName];
  if (typeof collection !== 'string') return [];
  const one = (filter: unknown, sort?: unknown): CapturedQuery => ({
    command: commandName,
    collection,
    filter: (filter ?? {}) as Doc,
    // The driver hands `sort` over as a Map, to keep the key order.
    sort: sort instanceof Map ? (Object.fromEntries(sort) as Doc) : (sort as Doc | undefined),
  });
  switch (commandName) {
    case 'find':
      return [one(command.filter, command.sort)];
    case 'findAndModify':
      return [one(command.query, command.sort)];
    case 'count':
    case 'distinct':
      return [one(command.query)];
    case 'update':
      return (command.updates as Doc[]).map((statement) => one(statement.q));
    case 'delete':
      return (command.deletes as Doc[]).map((statement) => one(statement.q));
    case 'aggregate': {
      const [first] = command.pipeline as Doc[];
      return [one(first && '$match' in first ? first.$match : {})];
    }
    default:
      return [];
  }
}
