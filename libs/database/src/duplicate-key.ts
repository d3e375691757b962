/**
 * MongoDB reports a unique-index clash as code 11000. FerretDB does so for inserts only; an
 * update or find-and-modify that clashes comes back as code 1 `InternalError` carrying its
 * backend's text: SQLite's "UNIQUE constraint failed", PostgreSQL's unique violation
 * (SQLSTATE 23505). All mean the same to Scout: a conflict, never a 500.
 */
export function isDuplicateKeyError(error: unknown): boolean {
  const candidate = error as { code?: unknown; message?: unknown } | null;
  if (candidate?.code === 11000) return true;
  return (
    candidate?.code === 1 &&
    typeof candidate.message === 'string' &&
    (candidate.message.includes('UNIQUE constraint failed') ||
      candidate.message.includes('(SQLSTATE 23505)'))
  );
}
