import type { onRequestAsyncHookHandler } from 'fastify';
import type { ApiKeysService } from './api-keys.service';
import { AuthErrors } from './auth.errors';
import { presentedKey } from './credentials';
import { grants, type Scope } from './scopes';

/**
 * A Fastify `onRequest` hook applying the guard's rule to routes Nest does not own (Swagger
 * UI and the OpenAPI document are plain Fastify routes, so Nest guards never see them): every
 * path under `pathPrefix` needs a key holding `scope`.
 */
export function requireScopeForPath(
  keys: ApiKeysService,
  pathPrefix: string,
  scope: Scope,
): onRequestAsyncHookHandler {
  return async (request) => {
    const path = request.url.split('?')[0];
    if (path !== pathPrefix && !path.startsWith(pathPrefix)) return;
    const presented = presentedKey(request.headers);
    if (presented === undefined) throw AuthErrors.missingCredentials();
    const principal = await keys.authenticate(presented);
    if (!principal) throw AuthErrors.invalidKey();
    request.principal = principal;
    if (!grants(principal.scopes, scope)) throw AuthErrors.missingScope(scope);
  };
}
