import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ApiKeysService } from '@scout/auth';
import { type ApiHarness, startApiHarness } from '../support/api-harness';

jest.setTimeout(60_000);

/**
 * Two api processes (in-process harnesses) sharing MongoDB, Redis and the queue prefix, as two
 * replicas behind a load balancer would.
 */
describe('API key revocation across api processes', () => {
  let first: ApiHarness;
  let second: ApiHarness;

  beforeAll(async () => {
    first = await startApiHarness();
    second = await startApiHarness(first.env, { syncIndexes: false });
  });

  afterAll(async () => {
    await Promise.all([second?.close(), first?.close()]);
  });

  function read(api: ApiHarness, key: string) {
    return api.injectAnonymous({
      method: 'GET',
      url: '/v1/profiles?limit=1',
      headers: { authorization: `Bearer ${key}` },
    });
  }

  it('a key revoked in one process is refused by the other within 2 s, though it was cached there', async () => {
    const { key, apiKey } = await first.app
      .get(ApiKeysService)
      .create({ name: 'replica test', scopes: ['profiles:read'] });
    expect((await read(first, key)).statusCode).toBe(200);
    expect((await read(second, key)).statusCode).toBe(200);

    // Both have the lookup cached: further requests do not reach MongoDB.
    const lookups = jest.spyOn(second.app.get<Model<unknown>>(getModelToken('ApiKey')), 'findOne');
    expect((await read(second, key)).statusCode).toBe(200);
    expect(lookups).not.toHaveBeenCalled();

    await first.app.get(ApiKeysService).revoke(apiKey.prefix);
    const started = Date.now();
    let elapsed: number;
    for (;;) {
      const response = await read(second, key);
      elapsed = Date.now() - started;
      if (response.statusCode === 401) break;
      expect(response.statusCode).toBe(200);
      expect(elapsed).toBeLessThan(2_000);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(elapsed).toBeLessThan(2_000);
    expect((await read(first, key)).statusCode).toBe(401);
    lookups.mockRestore();
  });

  it('a key created in one process works at once in the other', async () => {
    const { key } = await first.app
      .get(ApiKeysService)
      .create({ name: 'fresh', scopes: ['profiles:read'] });
    expect((await read(second, key)).statusCode).toBe(200);
  });
});
