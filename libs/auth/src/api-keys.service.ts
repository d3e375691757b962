import { Injectable, Logger } from '@nestjs/common';
import { CacheService, type CachePolicy, cacheKey } from '@scout/caching';
import { AppConfig } from '@scout/config';
import { isDuplicateKeyError } from '@scout/database';
import type { IncomingHttpHeaders } from 'node:http';
import { apiKeyPrefix, generateApiKey, isApiKeyPrefix } from './api-key.format';
import { ApiKeyHasher } from './api-key.hasher';
import type { ApiKeyCredential, ApiKeyView, ApiPrincipal, CreatedApiKey } from './api-keys.types';
import { AuthErrors } from './auth.errors';
import { presentedKey } from './credentials';
import { ApiKeyRepository } from './repositories/api-key.repository';
import { isScope, type Scope } from './scopes';

/** Cache namespace of key lookups (stats and keys). */
export const API_KEY_CACHE_NAMESPACE = 'apikey';
/** `lastUsedAt` is written at most this often per key, so reads never turn into a write each. */
export const LAST_USED_INTERVAL_MS = 60_000;
/** How often a duplicate prefix (astronomically rare) is retried with a new key. */
const CREATE_ATTEMPTS = 3;
const NAME = /^[^\p{Cc}]{1,100}$/u;

function keyOf(prefix: string): string {
  return cacheKey(API_KEY_CACHE_NAMESPACE, prefix);
}

/** What authenticating a request's headers found: a principal, or the error to answer. */
export type AuthOutcome = { principal: ApiPrincipal } | { refusal: Error };

function outcome(principal: ApiPrincipal | undefined): AuthOutcome {
  return principal ? { principal } : { refusal: AuthErrors.invalidKey() };
}

/**
 * API keys: creation (the only moment the key exists in clear), listing, revocation and the
 * per-request check. Lookups go through the shared cache (L1, then Redis), so a request with a
 * known key costs an HMAC and a map read, not a MongoDB query; revocation invalidates the
 * lookup in every process through the cache's pub/sub.
 */
@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger('ApiKeys');
  private readonly policy: CachePolicy;
  /** Per key, when this process last recorded a use (see {@link LAST_USED_INTERVAL_MS}). */
  private readonly lastRecorded = new Map<string, number>();
  /** Stored hashes this process is re-hashing right now, so a burst of requests writes once. */
  private readonly rehashing = new Set<string>();

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly hasher: ApiKeyHasher,
    private readonly cache: CacheService,
    config: AppConfig,
  ) {
    this.policy = { namespace: API_KEY_CACHE_NAMESPACE, ttlMs: config.auth.keyCacheTtlMs };
  }

  /** Creates a key; the returned `key` is shown once and never stored. */
  async create(input: { name: string; scopes: readonly string[] }): Promise<CreatedApiKey> {
    const name = input.name.trim();
    if (!NAME.test(name)) throw AuthErrors.invalidName();
    const unknown = input.scopes.filter((scope) => !isScope(scope));
    if (input.scopes.length === 0 || unknown.length > 0) throw AuthErrors.invalidScopes(unknown);
    const scopes = [...new Set(input.scopes as Scope[])];

    for (let attempt = 1; ; attempt += 1) {
      const { key, prefix } = generateApiKey();
      try {
        const apiKey = await this.keys.insert({
          name,
          prefix,
          hash: this.hasher.hash(key),
          scopes,
        });
        // A probe with this prefix may have left a cached "not found".
        await this.cache.invalidate([keyOf(prefix)]);
        this.logger.log({ keyId: apiKey.id, scopes }, 'api key created');
        return { key, apiKey };
      } catch (error) {
        if (!isDuplicateKeyError(error) || attempt >= CREATE_ATTEMPTS) throw error;
      }
    }
  }

  list(): Promise<ApiKeyView[]> {
    return this.keys.list();
  }

  /**
   * Revokes a key by id or prefix and evicts its cached lookup in every process; idempotent.
   * `wasActive` is false when it had already been revoked.
   */
  async revoke(ref: string): Promise<{ apiKey: ApiKeyView; wasActive: boolean }> {
    const found = isApiKeyPrefix(ref)
      ? await this.keys.findByPrefix(ref)
      : await this.keys.findById(ref);
    if (!found) throw AuthErrors.keyNotFound(ref);
    const revoked = found.revokedAt ? found : await this.keys.revoke(found.id, new Date());
    if (!revoked) throw AuthErrors.keyNotFound(ref);
    await this.cache.invalidate([keyOf(found.prefix)]);
    if (!found.revokedAt) this.logger.log({ keyId: found.id }, 'api key revoked');
    return { apiKey: revoked, wasActive: !found.revokedAt };
  }

  /**
   * The principal a presented key stands for, or undefined when it is malformed, unknown,
   * wrong or revoked. Never throws for a bad key; MongoDB trouble (with nothing cached)
   * propagates as the usual 503.
   */
  async authenticate(presented: string): Promise<ApiPrincipal | undefined> {
    const prefix = apiKeyPrefix(presented);
    if (prefix === undefined) return undefined;
    const credential = await this.cache.getOrLoad<ApiKeyCredential>(
      keyOf(prefix),
      () => this.keys.findCredential(prefix),
      this.policy,
    );
    return this.verify(presented, prefix, credential);
  }

  /**
   * {@link authenticate} without a promise, for the guard's hot path: answers (`{ principal }`,
   * undefined inside for a bad key) when this process holds the key's lookup fresh, and
   * returns undefined when it does not, so the caller falls back to `authenticate`.
   */
  authenticateCached(presented: string): { principal: ApiPrincipal | undefined } | undefined {
    const prefix = apiKeyPrefix(presented);
    if (prefix === undefined) return { principal: undefined };
    const credential = this.cache.peek<ApiKeyCredential>(keyOf(prefix), API_KEY_CACHE_NAMESPACE);
    if (credential === undefined) return undefined;
    return { principal: this.verify(presented, prefix, credential) };
  }

  /**
   * Who a request's headers say it is: the principal, or the 401 to answer (no key, a bad
   * header, an unknown, wrong or revoked key). Synchronous when the key's lookup is cached in
   * this process, so the per-request gate usually creates no promise.
   */
  authenticateHeaders(headers: IncomingHttpHeaders): AuthOutcome | Promise<AuthOutcome> {
    let presented: string | undefined;
    try {
      presented = presentedKey(headers);
    } catch (error) {
      return { refusal: error as Error };
    }
    if (presented === undefined) return { refusal: AuthErrors.missingCredentials() };
    const cached = this.authenticateCached(presented);
    if (cached) return outcome(cached.principal);
    return this.authenticate(presented).then(outcome);
  }

  private verify(
    presented: string,
    prefix: string,
    credential: ApiKeyCredential | null,
  ): ApiPrincipal | undefined {
    if (!credential || credential.revoked) return undefined;
    const match = this.hasher.verify(presented, credential.hash);
    if (match === 'none') return undefined;
    if (match === 'outdated') this.rehash(presented, prefix, credential);
    this.recordUse(credential.id);
    return { keyId: credential.id, scopes: credential.scopes };
  }

  /**
   * Replaces a hash made with an older `API_KEY_SECRET` by one under the newest, in the
   * background, so the older secret can leave the list once every key in use has been seen.
   * The write only applies while the stored hash is still the old one: concurrent requests
   * and processes compute the same new hash, and at most one of them changes anything.
   */
  private rehash(presented: string, prefix: string, credential: ApiKeyCredential): void {
    if (this.rehashing.has(credential.hash)) return;
    this.rehashing.add(credential.hash);
    const keyId = credential.id;
    this.keys
      .replaceHash(keyId, credential.hash, this.hasher.hash(presented))
      .then(async (replaced) => {
        if (replaced) this.logger.log({ keyId }, 'api key re-hashed with the newest secret');
        // Every process drops its lookup, which still holds the old hash.
        await this.cache.invalidate([keyOf(prefix)]);
      })
      .catch((error: unknown) => {
        // The key still verifies under the older secret; its next use tries again.
        this.logger.warn({ keyId, errName: (error as Error).name }, 'could not re-hash api key');
      })
      .finally(() => this.rehashing.delete(credential.hash));
  }

  /** Writes `lastUsedAt` in the background, at most once per interval and key. */
  private recordUse(keyId: string): void {
    const now = Date.now();
    if (now - (this.lastRecorded.get(keyId) ?? 0) < LAST_USED_INTERVAL_MS) return;
    this.lastRecorded.set(keyId, now);
    this.keys.touchLastUsed(keyId, new Date(now), LAST_USED_INTERVAL_MS).catch((error: unknown) => {
      // The next interval tries again; a lost lastUsedAt never fails or slows a request.
      this.logger.warn({ keyId, errName: (error as Error).name }, 'could not record key use');
    });
  }
}
