import { ApiHeader } from '@nestjs/swagger';
import { DomainError, ErrorCode } from '@scout/common';

/** `If-Match` as this API reads it: `*` or one of its own ETags (`"<version>"`). */
export const IF_MATCH = /^\s*(?:\*|"(\d{1,15})")\s*$/;
/** `Idempotency-Key`: 1-200 of A-Z a-z 0-9 . _ : - */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,200}$/;

/** The strong ETag of a versioned resource. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * Documents the `ETag` a single resource is answered with (as {@link etagOf} writes it), so
 * clients and the contract tests know the value `If-Match` takes.
 */
export const ETAG_HEADER = {
  ETag: {
    description: 'The version of the resource, for `If-Match`',
    schema: { type: 'string', pattern: '^"\\d{1,15}"$', example: '"3"' },
  },
};

/** Documents the `Location` of a created resource of `collection` (`/v1/<collection>/<id>`). */
export function locationHeader(collection: string): Record<string, object> {
  return {
    Location: {
      description: `The path of the new resource, \`/v1/${collection}/{id}\``,
      schema: { type: 'string', pattern: `^/v1/${collection}/[0-9a-f]{24}$` },
    },
  };
}

/** Documents `If-Match` from the very pattern {@link expectedVersion} applies. */
export const ApiIfMatch = (): MethodDecorator =>
  ApiHeader({
    name: 'If-Match',
    required: false,
    description:
      'The ETag of the version this change is based on, or `*`; a stale or foreign value is ' +
      '412 `PRECONDITION_FAILED`',
    schema: { type: 'string', pattern: IF_MATCH.source, example: '"3"' },
  });

/**
 * Reads `If-Match`: undefined when absent or `*`, otherwise the version it names. A value that
 * is not one of our ETags can never match, so it fails the precondition at once.
 */
export function expectedVersion(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const match = IF_MATCH.exec(ifMatch);
  if (!match) {
    throw new DomainError(
      ErrorCode.PreconditionFailed,
      'If-Match must be an ETag this API issued, like "3".',
    );
  }
  return match[1] === undefined ? undefined : Number(match[1]);
}

/** Documents `Idempotency-Key` from the very pattern {@link idempotencyKey} applies. */
export const ApiIdempotencyKey = (description: string): MethodDecorator =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: `${description}; a malformed key is 400 \`VALIDATION_FAILED\``,
    schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source, example: 'req-2026-12-06-0001' },
  });

/** Reads `Idempotency-Key`: undefined when absent, 400 when malformed. */
export function idempotencyKey(raw: string | undefined): string | undefined {
  if (raw === undefined || IDEMPOTENCY_KEY.test(raw)) return raw;
  throw new DomainError(ErrorCode.ValidationFailed, 'The Idempotency-Key header is malformed.', {
    errors: [
      {
        field: 'Idempotency-Key',
        message: 'must be 1-200 of A-Z a-z 0-9 . _ : -',
        code: 'matches',
      },
    ],
  });
}
