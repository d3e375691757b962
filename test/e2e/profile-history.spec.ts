import { Types } from 'mongoose';
import { ApiKeysService } from '@scout/auth';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { companyBody, profileBody } from '../support/factories';
import { OpenApiClient } from '../support/openapi-client';

jest.setTimeout(60_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies in assertions

describe('profile history API', () => {
  let api: ApiHarness;
  let client: OpenApiClient;
  let adminKeyId: string;
  let editor: { key: string; id: string };
  let writerOnly: string;

  beforeAll(async () => {
    api = await startApiHarness();
    client = new OpenApiClient(api.app);
    await client.load();
    const keys = api.app.get(ApiKeysService);
    adminKeyId = (await keys.authenticate(api.apiKey!))!.keyId;
    const created = await keys.create({
      name: 'editor',
      scopes: ['profiles:read', 'profiles:write'],
    });
    editor = { key: created.key, id: created.apiKey.id };
    writerOnly = (await keys.create({ name: 'writer', scopes: ['profiles:write'] })).key;
  });

  afterAll(async () => {
    await api.close();
  });

  const as = (key: string) => ({ authorization: `Bearer ${key}` });
  const get = (url: string, headers: Record<string, string> = {}) =>
    client.request({ method: 'GET', url, headers });

  /** A profile created by the harness's key, then changed twice by the editor's key. */
  async function profileWithHistory(): Promise<Json> {
    const company = (
      await client.request({ method: 'POST', url: '/v1/companies', payload: companyBody() })
    ).json<Json>();
    const created = await client.request({
      method: 'POST',
      url: '/v1/profiles',
      payload: profileBody({ headline: 'Engineer', currentCompany: company.publicId }),
    });
    expect(created.statusCode).toBe(201);
    const profile = created.json<Json>();
    for (const payload of [{ headline: 'Staff engineer' }, { headline: null, skills: ['Go'] }]) {
      const changed = await client.request({
        method: 'PATCH',
        url: `/v1/profiles/${profile.id}`,
        payload,
        headers: as(editor.key),
      });
      expect(changed.statusCode).toBe(200);
    }
    return { ...profile, company };
  }

  it('lists what each write changed and who made it, newest first, a page at a time', async () => {
    const profile = await profileWithHistory();

    const first = await get(`/v1/profiles/${profile.publicId}/history?limit=2`);
    expect(first.statusCode).toBe(200);
    const page1 = first.json<Json>();
    expect(page1.data.map((e: Json) => [e.version, e.type, e.actor])).toEqual([
      [3, 'profile.updated', `api-key:${editor.id}`],
      [2, 'profile.updated', `api-key:${editor.id}`],
    ]);
    expect(page1.data[0].changes).toEqual([
      { field: 'headline', from: 'Staff engineer', to: null },
      { field: 'skills', from: ['mathematics', 'poetry'], to: ['go'] },
    ]);
    expect(page1.data[1].changes).toEqual([
      { field: 'headline', from: 'Engineer', to: 'Staff engineer' },
    ]);
    expect(Date.parse(page1.data[0].at)).toBeGreaterThanOrEqual(Date.parse(page1.data[1].at));
    expect(page1.page).toEqual({ limit: 2, nextCursor: expect.any(String) });

    const second = await get(
      `/v1/profiles/${profile.id}/history?limit=2&cursor=${encodeURIComponent(page1.page.nextCursor)}`,
    );
    expect(second.statusCode).toBe(200);
    const page2 = second.json<Json>();
    expect(page2.data.map((e: Json) => [e.version, e.type, e.actor])).toEqual([
      [1, 'profile.created', `api-key:${adminKeyId}`],
    ]);
    expect(page2.data[0].changes).toContainEqual({
      field: 'currentCompany',
      from: null,
      to: profile.company.id,
    });
    expect(page2.page.nextCursor).toBeNull();

    // A cursor belongs to its profile's history.
    const other = await profileWithHistory();
    const foreign = await get(
      `/v1/profiles/${other.id}/history?cursor=${encodeURIComponent(page1.page.nextCursor)}`,
    );
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json<Json>().code).toBe('INVALID_CURSOR');
  });

  it('shows the profile as each version left it', async () => {
    const profile = await profileWithHistory();
    const v1 = await get(`/v1/profiles/${profile.id}/history/1`);
    expect(v1.statusCode).toBe(200);
    expect(v1.json<Json>()).toMatchObject({
      version: 1,
      type: 'profile.created',
      actor: `api-key:${adminKeyId}`,
      profile: {
        id: profile.id,
        version: 1,
        headline: 'Engineer',
        skills: ['mathematics', 'poetry'],
        currentCompany: { id: profile.company.id, publicId: profile.company.publicId },
      },
    });
    const v3 = (await get(`/v1/profiles/${profile.publicId}/history/3`)).json<Json>();
    expect(v3.profile.version).toBe(3);
    expect(v3.profile.headline).toBeUndefined();
    expect(v3.profile.skills).toEqual(['go']);
    const current = (await get(`/v1/profiles/${profile.id}`)).json<Json>();
    expect(v3.profile).toEqual({ ...current, scrape: v3.profile.scrape });

    expect((await get(`/v1/profiles/${profile.id}/history/4`)).statusCode).toBe(404);
    const malformed = await client.request({
      method: 'GET',
      url: `/v1/profiles/${profile.id}/history/first`,
    });
    expect(malformed.statusCode).toBe(400);
  });

  it('keeps a deleted profile’s history readable by its id, the deletion first', async () => {
    const profile = await profileWithHistory();
    const removed = await client.request({
      method: 'DELETE',
      url: `/v1/profiles/${profile.id}`,
      headers: as(editor.key),
    });
    expect(removed.statusCode).toBe(204);

    const history = (await get(`/v1/profiles/${profile.id}/history`)).json<Json>();
    expect(history.data.map((e: Json) => [e.version, e.type, e.actor])).toEqual([
      [4, 'profile.deleted', `api-key:${editor.id}`],
      [3, 'profile.updated', `api-key:${editor.id}`],
      [2, 'profile.updated', `api-key:${editor.id}`],
      [1, 'profile.created', `api-key:${adminKeyId}`],
    ]);
    expect(history.data[0].changes).toEqual([]);
    expect((await get(`/v1/profiles/${profile.id}/history/4`)).statusCode).toBe(404);
    expect((await get(`/v1/profiles/${profile.id}/history/2`)).json<Json>().profile.headline).toBe(
      'Staff engineer',
    );
    // Its publicId leads nowhere any more.
    expect((await get(`/v1/profiles/${profile.publicId}/history`)).statusCode).toBe(404);
  });

  it('answers 404 for a profile Scout holds nothing about, 403 without profiles:read', async () => {
    const unknown = new Types.ObjectId().toHexString();
    const missing = await get(`/v1/profiles/${unknown}/history`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json<Json>().code).toBe('NOT_FOUND');
    expect((await get(`/v1/profiles/nobody-here/history`)).statusCode).toBe(404);
    expect((await get(`/v1/profiles/${unknown}/history/1`)).statusCode).toBe(404);

    const profile = await profileWithHistory();
    const forbidden = await get(`/v1/profiles/${profile.id}/history`, as(writerOnly));
    expect(forbidden.statusCode).toBe(403);
  });
});
