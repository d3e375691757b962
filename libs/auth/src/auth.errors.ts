import { DomainError, ErrorCode } from '@scout/common';
import type { Scope } from './scopes';

/** Sent with every 401, as RFC 9110 requires: it names the scheme clients should use. */
export const WWW_AUTHENTICATE = 'Bearer realm="scout"';

const challenge = { 'www-authenticate': WWW_AUTHENTICATE };

/**
 * Errors of authentication and authorization. Details say what to fix without telling a
 * guesser anything: an unknown, a wrong and a revoked key all read the same.
 */
export const AuthErrors = {
  missingCredentials: () =>
    new DomainError(
      ErrorCode.Unauthorized,
      'Send an API key as `Authorization: Bearer <key>` or `X-API-Key: <key>`.',
      { headers: challenge },
    ),
  unsupportedScheme: () =>
    new DomainError(
      ErrorCode.Unauthorized,
      'The Authorization header must use the Bearer scheme: `Authorization: Bearer <key>`.',
      { headers: challenge },
    ),
  conflictingCredentials: () =>
    new DomainError(
      ErrorCode.Unauthorized,
      'Authorization and X-API-Key carry different keys; send one key.',
      { headers: challenge },
    ),
  invalidKey: () =>
    new DomainError(ErrorCode.Unauthorized, 'The API key is invalid or has been revoked.', {
      headers: challenge,
    }),
  missingScope: (required: Scope) =>
    new DomainError(ErrorCode.Forbidden, `This API key lacks the '${required}' scope.`, {
      extensions: { requiredScope: required },
    }),
  noScopeDeclared: () =>
    new DomainError(
      ErrorCode.Forbidden,
      'This route declares no access rule, so it is closed to every key.',
    ),
  invalidName: () =>
    new DomainError(ErrorCode.ValidationFailed, 'The key needs a name.', {
      errors: [{ field: 'name', message: 'name must be 1-100 printable characters', code: 'name' }],
    }),
  invalidScopes: (unknown: string[]) =>
    new DomainError(ErrorCode.ValidationFailed, 'The key needs at least one known scope.', {
      errors: [
        {
          field: 'scopes',
          message: unknown.length > 0 ? `unknown: ${unknown.join(', ')}` : 'no scope given',
          code: 'scopes',
        },
      ],
    }),
  keyNotFound: (ref: string) =>
    new DomainError(ErrorCode.NotFound, `No API key has the id or prefix '${ref.slice(0, 40)}'.`),
};
