import type { IncomingHttpHeaders } from 'node:http';
import { AuthErrors } from './auth.errors';

const BEARER = /^Bearer +(\S+) *$/i;

/**
 * The key a request presents, from `Authorization: Bearer <key>` or `X-API-Key: <key>`, or
 * undefined when it presents none. A non-Bearer Authorization, or two different keys, is
 * rejected rather than guessed at.
 */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  let bearer: string | undefined;
  if (authorization !== undefined && authorization !== '') {
    bearer = BEARER.exec(authorization)?.[1];
    if (bearer === undefined) throw AuthErrors.unsupportedScheme();
  }
  const raw = headers['x-api-key'];
  const header = (Array.isArray(raw) ? raw.join(',') : raw)?.trim() || undefined;
  if (bearer !== undefined && header !== undefined && bearer !== header) {
    throw AuthErrors.conflictingCredentials();
  }
  return bearer ?? header;
}
