import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Header that carries the request id in and out. */
export const REQUEST_ID_HEADER = 'x-request-id';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Keeps a caller's request id when it is safe to log and echo (≤ 128 chars of
 * `[A-Za-z0-9._-]`), so one id follows a request across services; anything else is replaced,
 * which keeps log injection and oversized headers out.
 */
export function resolveRequestId(headers: IncomingHttpHeaders): string {
  const given = headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}
