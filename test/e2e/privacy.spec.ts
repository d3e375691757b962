import { ApiKeysService, type Scope } from '@scout/auth';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { profileBody, uniquePublicId } from '../support/factories';
import { OpenApiClient } from '../support/openapi-client';

jest.setTimeout(60_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

describe("people's data routes", () => {
  let api: ApiHarness;
  let client: OpenApiClient;
  const keys: Partial<Record<Scope, string>> = {};

  const as = (scope: Scope | 'default') =>
    scope === 'default' ? {} : { authorization: `Bearer ${keys[scope]}` };
  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
    scope: Scope | 'default' = 'default',
  ) => client.request({ method, url, payload, headers: as(scope) });

  beforeAll(async () => {
    api = await startApiHarness();
    client = new OpenApiClient(api.app);
    await client.load();
    for (const scope of ['profiles:read', 'privacy:read', 'privacy:write'] as const) {
      keys[scope] = (
        await api.app.get(ApiKeysService).create({ name: scope, scopes: [scope] })
      ).key;
    }
  });

  afterAll(async () => {
    await api.close();
  });

  it('exports everything Scout holds about a person, with where each part came from', async () => {
    const publicId = uniquePublicId('export');
    const created = (await call('POST', '/v1/profiles', profileBody({ publicId }))).json<Json>();
    const job = (await call('POST', '/v1/scrape-jobs', { profile: publicId })).json<Json>();
    await call('PATCH', `/v1/profiles/${created.id}`, { headline: 'Exported' });

    expect(
      (await call('GET', `/v1/profiles/${publicId}/export`, undefined, 'profiles:read')).statusCode,
    ).toBe(403);
    const exported = await call(
      'GET',
      `/v1/profiles/${publicId}/export`,
      undefined,
      'privacy:read',
    );
    expect(exported.statusCode).toBe(200);
    const body = exported.json<Json>();
    expect(body.profile).toMatchObject({ id: created.id, publicId, fullName: 'Ada Lovelace' });
    const actor = expect.stringMatching(/^api-key:[0-9a-f]{24}$/);
    expect(body.history).toEqual([
      expect.objectContaining({ type: 'profile.created', sequence: 1, actor }),
      expect.objectContaining({
        type: 'profile.updated',
        sequence: 2,
        actor,
        changes: [expect.objectContaining({ field: 'headline', to: 'Exported' })],
        snapshot: expect.objectContaining({ publicId, headline: 'Exported' }),
      }),
    ]);
    expect(body.scrapeJobs).toEqual([
      expect.objectContaining({
        id: job.id,
        status: 'queued',
        target: { publicId, url: job.target.url },
        requestedBy: expect.stringMatching(/^api-key:/),
      }),
    ]);
    expect(body.suppression).toEqual({ suppressed: false });
    expect(body.sources).toEqual([
      expect.objectContaining({ record: 'profile', origin: 'manual' }),
      expect.objectContaining({ record: 'history:1', origin: 'profile.created', actor }),
      expect.objectContaining({ record: 'history:2', origin: 'profile.updated', actor }),
      expect.objectContaining({
        record: `scrape-job:${job.id}`,
        origin: 'queued',
        url: job.target.url,
      }),
    ]);
  });

  it('erases with a receipt, refuses the person afterwards everywhere, and lifts on request', async () => {
    const publicId = uniquePublicId('gone');
    const other = uniquePublicId('kept');
    const id = (await call('POST', '/v1/profiles', profileBody({ publicId }))).json<Json>().id;

    expect(
      (await call('POST', '/v1/erasure-requests', { profile: publicId }, 'privacy:read'))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await call('POST', '/v1/erasure-requests', { profile: 'Not An Id!' }, 'privacy:write')
      ).json<Json>().code,
    ).toBe('INVALID_ID');
    expect(
      (
        await call(
          'POST',
          '/v1/erasure-requests',
          { profile: '6650f1c2a1b2c3d4e5f6071a' },
          'privacy:write',
        )
      ).statusCode,
    ).toBe(404);
    const erased = await call('POST', '/v1/erasure-requests', { profile: id }, 'privacy:write');
    expect(erased.statusCode).toBe(201);
    const receipt = erased.json<Json>();
    expect(erased.headers.location).toBe(`/v1/erasure-requests/${receipt.id}`);
    expect(receipt).toMatchObject({ state: 'completed', removed: { profiles: 1 } });
    expect(
      (
        await call('GET', `/v1/erasure-requests/${receipt.id}`, undefined, 'privacy:read')
      ).json<Json>(),
    ).toEqual(receipt);
    expect(
      (
        await call(
          'GET',
          '/v1/erasure-requests/6650f1c2a1b2c3d4e5f6071a',
          undefined,
          'privacy:read',
        )
      ).statusCode,
    ).toBe(404);

    const create = await call('POST', '/v1/profiles', profileBody({ publicId }));
    expect([create.statusCode, create.json<Json>().code]).toEqual([409, 'SUPPRESSED']);
    const batch = await call('POST', '/v1/profiles/batch', {
      profiles: [profileBody({ publicId }), profileBody({ publicId: other })],
    });
    expect(batch.json<Json>().results).toEqual([
      { index: 0, status: 'suppressed', publicId },
      expect.objectContaining({ index: 1, status: 'created', publicId: other }),
    ]);
    const scrape = await call('POST', '/v1/scrape-jobs', { profile: publicId });
    expect([scrape.statusCode, scrape.json<Json>().code]).toEqual([409, 'SUPPRESSED']);
    const scrapeBatch = await call('POST', '/v1/scrape-jobs/batch', {
      profiles: [publicId, other],
    });
    expect(scrapeBatch.json<Json>().results.map((r: Json) => r.status)).toEqual([
      'suppressed',
      'queued',
    ]);
    expect(
      (await call('GET', `/v1/profiles/${publicId}/export`, undefined, 'privacy:read')).statusCode,
    ).toBe(404);

    expect(receipt.suppressions).toHaveLength(2);
    expect(
      (
        await call(
          'DELETE',
          `/v1/suppressions/${receipt.suppressions[0]}`,
          undefined,
          'privacy:write',
        )
      ).statusCode,
    ).toBe(403);
    for (const hash of receipt.suppressions) {
      expect((await call('DELETE', `/v1/suppressions/${hash}`)).statusCode).toBe(204);
    }
    expect((await call('DELETE', `/v1/suppressions/${receipt.suppressions[0]}`)).statusCode).toBe(
      404,
    );
    expect((await call('POST', '/v1/profiles', profileBody({ publicId }))).statusCode).toBe(201);
  });
});
