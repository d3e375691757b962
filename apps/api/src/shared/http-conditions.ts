import { DomainError, ErrorCode } from '@scout/common';

/** The strong ETag of a versioned resource. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * Reads `If-Match`: undefined when absent or `*`, otherwise the version it names. A value that
 * is not one of our ETags can never match, so it fails the precondition at once.
 */
export function expectedVersion(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '*') return undefined;
  const match = /^\s*"(\d{1,15})"\s*$/.exec(ifMatch);
  if (!match) {
    throw new DomainError(
      ErrorCode.PreconditionFailed,
      'If-Match must be an ETag this API issued, like "3".',
    );
  }
  return Number(match[1]);
}
