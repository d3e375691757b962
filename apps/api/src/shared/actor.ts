import type { FastifyRequest } from 'fastify';
import type { Actor } from '@scout/events';

/**
 * Who a request acts as, for the history and change events of what it writes: the id of the API
 * key that authenticated it (never the key). Routes that write always require a key; `system`
 * stands for a request that reached a write without one.
 */
export function actorOf(request: FastifyRequest): Actor {
  return request.principal ? `api-key:${request.principal.keyId}` : 'system';
}
