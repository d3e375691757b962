export {
  API_KEY_PREFIX_LENGTH,
  API_KEY_TAG,
  generateApiKey,
  isApiKeyPrefix,
} from './api-key.format';
export { ApiKeyGuard } from './api-key.guard';
export { ApiKeyHasher } from './api-key.hasher';
export {
  API_KEY_CACHE_NAMESPACE,
  ApiKeysService,
  type AuthOutcome,
  LAST_USED_INTERVAL_MS,
} from './api-keys.service';
export type { ApiKeyView, ApiPrincipal, CreatedApiKey } from './api-keys.types';
export {
  ACCESS_METADATA,
  ACCESS_ROUTE_CONFIG,
  type AccessRule,
  accessRuleOf,
  Public,
  RequireScope,
  SECURITY_SCHEMES,
} from './auth.decorators';
export { WWW_AUTHENTICATE } from './auth.errors';
export { AUTH_MODELS, AuthModule } from './auth.module';
export { presentedKey } from './credentials';
export { requireScopeForPath } from './path-guard';
export { grants, isScope, parseScopes, type Scope, SCOPES } from './scopes';
export { API_KEY_QUERY_SHAPES } from './repositories/query-shapes';
