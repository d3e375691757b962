import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ApiKeysService } from '@scout/auth';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { companyBody } from '../support/factories';

jest.setTimeout(90_000);

const KEY_SECRET_A = `key-secret-a-${'a'.repeat(32)}`;
const KEY_SECRET_B = `key-secret-b-${'b'.repeat(32)}`;
const CURSOR_SECRET_A = `cursor-secret-a-${'a'.repeat(32)}`;
const CURSOR_SECRET_B = `cursor-secret-b-${'b'.repeat(32)}`;

type StoredKey = { prefix: string; hash: string };

/**
 * Rotating API_KEY_SECRET and CURSOR_SECRET across api restarts, as an operator does it: the
 * new secret goes first in the list, the old one stays until every key in use has been
 * re-hashed, then it is removed. One database and Redis throughout, as in production.
 */
describe('secret rotation across api restarts', () => {
  let api: ApiHarness | undefined;
  let env: Record<string, string>;

  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  async function restart(apiKeySecret: string, cursorSecret: string): Promise<ApiHarness> {
    await api?.close();
    api = await startApiHarness(
      { ...env, API_KEY_SECRET: apiKeySecret, CURSOR_SECRET: cursorSecret },
      { syncIndexes: false },
    );
    return api;
  }

  function storedHash(harness: ApiHarness, prefix: string): Promise<string | undefined> {
    return harness.app
      .get<Model<StoredKey>>(getModelToken('ApiKey'))
      .findOne({ prefix })
      .lean<StoredKey>()
      .then((doc) => doc?.hash);
  }

  function listCompanies(harness: ApiHarness, key: string, cursor?: string) {
    const query = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    return harness.injectAnonymous({
      method: 'GET',
      url: `/v1/companies?limit=1${query}`,
      headers: { authorization: `Bearer ${key}` },
    });
  }

  it('keeps keys and cursors working through "B,A", re-hashes keys, and drops A\'s cursors under "B"', async () => {
    api = await startApiHarness({ API_KEY_SECRET: KEY_SECRET_A, CURSOR_SECRET: CURSOR_SECRET_A });
    env = api.env;
    const { key, apiKey } = await api.app
      .get(ApiKeysService)
      .create({ name: 'rotation', scopes: ['profiles:read'] });
    for (let i = 0; i < 2; i += 1) {
      const created = await api.app.inject({
        method: 'POST',
        url: '/v1/companies',
        payload: companyBody(),
      });
      expect(created.statusCode).toBe(201);
    }
    const first = await listCompanies(api, key);
    expect(first.statusCode).toBe(200);
    const cursorA: string = first.json<{ page: { nextCursor: string } }>().page.nextCursor;
    expect(cursorA).toEqual(expect.any(String));
    const hashA = await storedHash(api, apiKey.prefix);

    // Step 1: the new secrets go first; everything issued under A keeps working.
    const rotating = await restart(
      `${KEY_SECRET_B},${KEY_SECRET_A}`,
      `${CURSOR_SECRET_B},${CURSOR_SECRET_A}`,
    );
    expect((await listCompanies(rotating, key)).statusCode).toBe(200);
    const paged = await listCompanies(rotating, key, cursorA);
    expect(paged.statusCode).toBe(200);
    expect(paged.json<{ data: unknown[] }>().data).toHaveLength(1);
    // The key was re-hashed with B in the background.
    const deadline = Date.now() + 5_000;
    let hashB = await storedHash(rotating, apiKey.prefix);
    while (hashB === hashA && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      hashB = await storedHash(rotating, apiKey.prefix);
    }
    expect(hashB).toMatch(/^[0-9a-f]{64}$/);
    expect(hashB).not.toBe(hashA);

    // Step 2: A is removed. The re-hashed key still works; A's cursors no longer do.
    const rotated = await restart(KEY_SECRET_B, CURSOR_SECRET_B);
    expect((await listCompanies(rotated, key)).statusCode).toBe(200);
    const refused = await listCompanies(rotated, key, cursorA);
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ status: 400, code: 'INVALID_CURSOR' });
    expect(await storedHash(rotated, apiKey.prefix)).toBe(hashB);
  });

  it('refuses, after A is removed, a key that was never used while "B,A" was configured', async () => {
    api = await startApiHarness({ API_KEY_SECRET: KEY_SECRET_A, CURSOR_SECRET: CURSOR_SECRET_A });
    env = api.env;
    const { key } = await api.app
      .get(ApiKeysService)
      .create({ name: 'idle during rotation', scopes: ['profiles:read'] });
    expect((await listCompanies(api, key)).statusCode).toBe(200);

    const rotated = await restart(KEY_SECRET_B, CURSOR_SECRET_B);
    const response = await listCompanies(rotated, key);
    expect(response.statusCode).toBe(401);
  });
});
