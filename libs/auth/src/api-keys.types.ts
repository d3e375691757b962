import type { Scope } from './scopes';

/** An API key as operators see it: never the key, never its hash. */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

/**
 * What authentication needs about a key, as plain JSON so it can live in the cache (L1 and
 * Redis). The hash is an HMAC under a server-side secret, useless without it.
 */
export interface ApiKeyCredential {
  id: string;
  hash: string;
  scopes: Scope[];
  revoked: boolean;
}

/** The authenticated caller of a request: which key, holding which scopes. */
export interface ApiPrincipal {
  keyId: string;
  scopes: readonly Scope[];
}

/** A key just created: the only time the key itself exists outside the caller's hands. */
export interface CreatedApiKey {
  key: string;
  apiKey: ApiKeyView;
}
