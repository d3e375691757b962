import { isDuplicateKeyError } from '@scout/database';

/** Result of a conditional update: done, the version moved on, or the document is gone. */
export type UpdateOutcome<T> =
  | { status: 'updated'; value: T }
  | { status: 'stale'; currentVersion: number }
  | { status: 'missing' };

/** True for MongoDB's duplicate-key error, on real MongoDB and FerretDB alike. */
export function isDuplicateKey(error: unknown): boolean {
  return isDuplicateKeyError(error);
}

/** Splits a patch into `$set` and `$unset`: `null` clears a field, `undefined` leaves it. */
export function splitPatch(patch: object): {
  $set: Record<string, unknown>;
  $unset: Record<string, ''>;
} {
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, ''> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) $unset[key] = '';
    else if (value !== undefined) $set[key] = value;
  }
  return { $set, $unset };
}
