import { Logger } from '@nestjs/common';
import type { CachePolicy, CacheService } from '@scout/caching';
import type { AppConfig } from '@scout/config';
import { DomainError } from '@scout/common';
import { ApiKeyHasher } from './api-key.hasher';
import { ApiKeysService, LAST_USED_INTERVAL_MS } from './api-keys.service';
import type { ApiKeyCredential, ApiKeyView } from './api-keys.types';
import type { ApiKeyRepository, NewApiKey } from './repositories/api-key.repository';

const SECRET = 'a-secret-of-at-least-32-characters-long';

/** An in-memory repository and a pass-through cache that records what it was asked. */
function build(secrets: readonly string[] = [SECRET]) {
  const stored: Array<NewApiKey & { id: string; revokedAt?: string }> = [];
  const touches: string[] = [];
  const replaced: string[] = [];
  const view = (k: (typeof stored)[number]): ApiKeyView => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...(k.revokedAt ? { revokedAt: k.revokedAt } : {}),
  });
  const repository = {
    insert: async (key: NewApiKey) => {
      const record = { ...key, id: String(stored.length + 1).padStart(24, '0') };
      stored.push(record);
      return view(record);
    },
    findCredential: async (prefix: string): Promise<ApiKeyCredential | null> => {
      const k = stored.find((s) => s.prefix === prefix);
      return k ? { id: k.id, hash: k.hash, scopes: k.scopes, revoked: !!k.revokedAt } : null;
    },
    findByPrefix: async (prefix: string) => {
      const k = stored.find((s) => s.prefix === prefix);
      return k ? view(k) : null;
    },
    findById: async (id: string) => {
      const k = stored.find((s) => s.id === id);
      return k ? view(k) : null;
    },
    revoke: async (id: string, at: Date) => {
      const k = stored.find((s) => s.id === id);
      if (!k) return null;
      k.revokedAt ??= at.toISOString();
      return view(k);
    },
    touchLastUsed: async (id: string) => {
      touches.push(id);
    },
    replaceHash: async (id: string, from: string, to: string) => {
      const k = stored.find((s) => s.id === id && s.hash === from);
      replaced.push(id);
      if (!k) return false;
      k.hash = to;
      return true;
    },
  } as unknown as ApiKeyRepository;
  const loads: Array<{ key: string; policy: CachePolicy }> = [];
  const invalidated: string[][] = [];
  const held = new Map<string, unknown>();
  const cache = {
    peek: (key: string) => held.get(key),
    getOrLoad: async <T>(key: string, loader: () => Promise<T | null>, policy: CachePolicy) => {
      loads.push({ key, policy });
      return loader();
    },
    invalidate: async (keys: string[]) => {
      invalidated.push(keys);
    },
  } as unknown as CacheService;
  const config = { auth: { keyCacheTtlMs: 30_000 } } as AppConfig;
  const service = new ApiKeysService(repository, new ApiKeyHasher(secrets), cache, config);
  return { service, stored, touches, replaced, loads, invalidated, held, repository };
}

describe('ApiKeysService', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  afterAll(() => {
    Logger.overrideLogger(true);
  });

  it('creates a key, stores only its HMAC, and evicts any cached miss of its prefix', async () => {
    const { service, stored, invalidated } = build();
    const { key, apiKey } = await service.create({ name: ' ci ', scopes: ['profiles:read'] });
    expect(apiKey).toMatchObject({
      name: 'ci',
      scopes: ['profiles:read'],
      prefix: key.split('_')[1],
    });
    expect(stored[0].hash).toBe(new ApiKeyHasher([SECRET]).hash(key));
    expect(JSON.stringify(stored)).not.toContain(key.split('_')[2]);
    expect(invalidated).toEqual([[`apikey:${apiKey.prefix}`]]);
  });

  it.each([
    [{ name: '', scopes: ['admin'] }, 'name'],
    [{ name: 'x'.repeat(101), scopes: ['admin'] }, 'name'],
    [{ name: 'tab\tname', scopes: ['admin'] }, 'name'],
    [{ name: 'ok', scopes: [] }, 'scopes'],
    [{ name: 'ok', scopes: ['root'] }, 'scopes'],
  ])('refuses %p (bad %s)', async (input, field) => {
    const { service, stored } = build();
    const error = await service.create(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('VALIDATION_FAILED');
    expect((error as DomainError).errors?.[0].field).toBe(field);
    expect(stored).toHaveLength(0);
  });

  it('authenticates through the cache under apikey:<prefix> with the configured TTL', async () => {
    const { service, loads } = build();
    const { key, apiKey } = await service.create({ name: 'a', scopes: ['scrape:write'] });
    await expect(service.authenticate(key)).resolves.toEqual({
      keyId: apiKey.id,
      scopes: ['scrape:write'],
    });
    expect(loads).toEqual([
      { key: `apikey:${apiKey.prefix}`, policy: { namespace: 'apikey', ttlMs: 30_000 } },
    ]);
  });

  it('answers from the cache without a promise when the lookup is held, else says so', async () => {
    const { service, held, repository } = build();
    const { key, apiKey } = await service.create({ name: 'a', scopes: ['profiles:read'] });
    expect(service.authenticateCached(key)).toBeUndefined();
    expect(service.authenticateCached('not-a-key')).toEqual({ principal: undefined });
    held.set(`apikey:${apiKey.prefix}`, await repository.findCredential(apiKey.prefix));
    expect(service.authenticateCached(key)).toEqual({
      principal: { keyId: apiKey.id, scopes: ['profiles:read'] },
    });
    const wrong = `${key.slice(0, -1)}${key.endsWith('0') ? '1' : '0'}`;
    expect(service.authenticateCached(wrong)).toEqual({ principal: undefined });
    held.set(`apikey:${apiKey.prefix}`, null);
    expect(service.authenticateCached(key)).toEqual({ principal: undefined });
  });

  it('rejects malformed keys without a lookup, and wrong or revoked ones after it', async () => {
    const { service, loads } = build();
    const { key, apiKey } = await service.create({ name: 'a', scopes: ['admin'] });
    await expect(service.authenticate('sk_short')).resolves.toBeUndefined();
    expect(loads).toHaveLength(0);
    const wrong = `${key.slice(0, -1)}${key.endsWith('0') ? '1' : '0'}`;
    await expect(service.authenticate(wrong)).resolves.toBeUndefined();
    await service.revoke(apiKey.prefix);
    await expect(service.authenticate(key)).resolves.toBeUndefined();
  });

  it('revokes by id or prefix, invalidates the lookup, and is idempotent', async () => {
    const { service, invalidated } = build();
    const { apiKey } = await service.create({ name: 'a', scopes: ['admin'] });
    const first = await service.revoke(apiKey.id);
    expect(first.wasActive).toBe(true);
    expect(first.apiKey.revokedAt).toEqual(expect.any(String));
    const again = await service.revoke(apiKey.prefix);
    expect(again.wasActive).toBe(false);
    expect(invalidated.slice(1)).toEqual([
      [`apikey:${apiKey.prefix}`],
      [`apikey:${apiKey.prefix}`],
    ]);
    await expect(service.revoke('ZZZZZZZZ')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('records a use at most once per interval and key', async () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    try {
      const { service, touches } = build();
      const { key, apiKey } = await service.create({ name: 'a', scopes: ['admin'] });
      for (let i = 0; i < 50; i += 1) await service.authenticate(key);
      expect(touches).toEqual([apiKey.id]);
      jest.setSystemTime(Date.now() + LAST_USED_INTERVAL_MS);
      await service.authenticate(key);
      expect(touches).toEqual([apiKey.id, apiKey.id]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('re-hashes a key made under an older secret once, with the newest, and evicts its lookup', async () => {
    const NEWER = 'a-newer-secret-of-at-least-32-characters';
    const before = build([SECRET]);
    const { key, apiKey } = await before.service.create({ name: 'a', scopes: ['admin'] });
    const oldHash = before.stored[0].hash;

    const { service, stored, replaced, invalidated, repository } = build([NEWER, SECRET]);
    stored.push(...before.stored);
    const principals = await Promise.all(
      Array.from({ length: 5 }, () => service.authenticate(key)),
    );
    expect(principals).toEqual(Array(5).fill({ keyId: apiKey.id, scopes: ['admin'] }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(replaced).toEqual([apiKey.id]);
    expect(stored[0].hash).toBe(new ApiKeyHasher([NEWER]).hash(key));
    expect(stored[0].hash).not.toBe(oldHash);
    expect(invalidated).toEqual([[`apikey:${apiKey.prefix}`]]);

    // Re-hashed: the newest secret alone now accepts it, and nothing is written again.
    await expect(service.authenticate(key)).resolves.toEqual({
      keyId: apiKey.id,
      scopes: ['admin'],
    });
    const newestOnly = new ApiKeysService(
      repository,
      new ApiKeyHasher([NEWER]),
      {
        getOrLoad: async <T>(_k: string, load: () => Promise<T>) => load(),
      } as unknown as CacheService,
      { auth: { keyCacheTtlMs: 30_000 } } as AppConfig,
    );
    await expect(newestOnly.authenticate(key)).resolves.toMatchObject({ keyId: apiKey.id });
    expect(replaced).toEqual([apiKey.id]);
  });
});
