import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { companyBody, profileBody, uniquePublicId } from '../support/factories';
import { OpenApiClient } from '../support/openapi-client';

jest.setTimeout(60_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies in assertions

describe('profiles and companies API', () => {
  let api: ApiHarness;
  let client: OpenApiClient;

  beforeAll(async () => {
    api = await startApiHarness();
    client = new OpenApiClient(api.app);
    await client.load();
  });

  afterAll(async () => {
    await api.close();
  });

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    client.request({ method: 'POST', url, payload: payload as Json, headers });
  const get = (url: string, headers: Record<string, string> = {}) =>
    client.request({ method: 'GET', url, headers });
  const patch = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    client.request({ method: 'PATCH', url, payload: payload as Json, headers });
  const del = (url: string) => client.request({ method: 'DELETE', url });

  async function createCompany(overrides: Json = {}): Promise<Json> {
    const response = await post('/v1/companies', companyBody(overrides));
    expect(response.statusCode).toBe(201);
    return response.json<Json>();
  }

  async function createProfile(overrides: Json = {}): Promise<Json> {
    const response = await post('/v1/profiles', profileBody(overrides));
    expect(response.statusCode).toBe(201);
    return response.json<Json>();
  }

  describe('companies', () => {
    it('create, read by id and publicId, update with ETag, delete', async () => {
      const created = await post(
        '/v1/companies',
        companyBody({ name: ' <b>Acme</b>\u0007 Corp ' }),
      );
      expect(created.statusCode).toBe(201);
      const company = created.json<Json>();
      expect(created.headers.location).toBe(`/v1/companies/${company.id}`);
      expect(created.headers.etag).toBe('"1"');
      expect(company.name).toBe('Acme Corp');

      expect((await get(`/v1/companies/${company.id}`)).json<Json>().publicId).toBe(
        company.publicId,
      );
      const byPublicId = await get(`/v1/companies/${company.publicId}`);
      expect(byPublicId.json<Json>().id).toBe(company.id);

      const updated = await patch(
        `/v1/companies/${company.id}`,
        { industry: 'Robotics', website: null },
        { 'if-match': '"1"' },
      );
      expect(updated.statusCode).toBe(200);
      expect(updated.headers.etag).toBe('"2"');
      expect(updated.json<Json>()).toMatchObject({ industry: 'Robotics', version: 2 });
      expect(updated.json<Json>().website).toBeUndefined();

      const stale = await patch(
        `/v1/companies/${company.id}`,
        { industry: 'X' },
        { 'if-match': '"1"' },
      );
      expect(stale.statusCode).toBe(412);
      expect(stale.json<Json>().code).toBe('PRECONDITION_FAILED');

      expect((await del(`/v1/companies/${company.id}`)).statusCode).toBe(204);
      const gone = await get(`/v1/companies/${company.id}`);
      expect(gone.statusCode).toBe(404);
      expect(gone.json<Json>().code).toBe('NOT_FOUND');
    });

    it('duplicate publicId → 409 DUPLICATE_KEY', async () => {
      const company = await createCompany();
      const again = await post('/v1/companies', companyBody({ publicId: company.publicId }));
      expect(again.statusCode).toBe(409);
      expect(again.json<Json>().code).toBe('DUPLICATE_KEY');
    });

    it('deleting a company that profiles reference → 409 COMPANY_IN_USE with the count', async () => {
      const company = await createCompany();
      await createProfile({ currentCompany: company.publicId });
      await createProfile({ experiences: [{ title: 'Intern', company: company.id }] });
      const response = await del(`/v1/companies/${company.publicId}`);
      expect(response.statusCode).toBe(409);
      expect(response.json<Json>()).toMatchObject({ code: 'COMPANY_IN_USE', count: 2 });
      expect((await get(`/v1/companies/${company.id}`)).statusCode).toBe(200);
    });

    it('lists its current employees, paginated; an unknown company is 404', async () => {
      const company = await createCompany();
      const other = await createCompany();
      for (let i = 0; i < 3; i++) await createProfile({ currentCompany: company.id });
      await createProfile({ currentCompany: other.id });
      const first = await get(`/v1/companies/${company.id}/profiles?limit=2`);
      expect(first.statusCode).toBe(200);
      const page1 = first.json<Json>();
      expect(page1.data).toHaveLength(2);
      expect(page1.data[0].currentCompany).toEqual({
        id: company.id,
        publicId: company.publicId,
        name: company.name,
      });
      const second = await get(
        `/v1/companies/${company.id}/profiles?limit=2&cursor=${encodeURIComponent(page1.page.nextCursor)}`,
      );
      expect(second.json<Json>().data).toHaveLength(1);
      expect(second.json<Json>().page.nextCursor).toBeNull();
      expect((await get(`/v1/companies/${uniquePublicId('nobody')}/profiles`)).statusCode).toBe(
        404,
      );
    });

    it('lists companies with a cursor', async () => {
      await createCompany();
      const response = await get('/v1/companies?limit=1');
      expect(response.statusCode).toBe(200);
      expect(response.json<Json>().page.nextCursor).toEqual(expect.any(String));
    });
  });

  describe('profiles', () => {
    it('create → 201 with Location and ETag; normalized fields; inline company summary', async () => {
      const company = await createCompany();
      const response = await post(
        '/v1/profiles',
        profileBody({
          currentCompany: company.publicId,
          summary: '<script>alert(1)</script>Builds <i>engines</i>\u0000',
          fullName: 'Ade\u0300le Dupont',
        }),
      );
      expect(response.statusCode).toBe(201);
      const profile = response.json<Json>();
      expect(response.headers.location).toBe(`/v1/profiles/${profile.id}`);
      expect(response.headers.etag).toBe('"1"');
      expect(profile.skills).toEqual(['mathematics', 'poetry']);
      expect(profile.summary).toBe('alert(1)Builds engines');
      expect(profile.fullName).toBe('Adèle Dupont'.normalize('NFC'));
      expect(profile.currentCompany).toEqual({
        id: company.id,
        publicId: company.publicId,
        name: company.name,
      });
      expect(profile).not.toHaveProperty('__v');
      expect(profile).not.toHaveProperty('searchTerms');
      expect(profile).not.toHaveProperty('contentHash');
    });

    it('reads by ObjectId and by publicId; unknown → 404; malformed id → 400 INVALID_ID', async () => {
      const profile = await createProfile();
      expect((await get(`/v1/profiles/${profile.id}`)).json<Json>().publicId).toBe(
        profile.publicId,
      );
      expect((await get(`/v1/profiles/${profile.publicId}`)).json<Json>().id).toBe(profile.id);
      expect((await get(`/v1/profiles/${uniquePublicId()}`)).statusCode).toBe(404);
      const bad = await get('/v1/profiles/Not_An_Id!');
      expect(bad.statusCode).toBe(400);
      expect(bad.json<Json>().code).toBe('INVALID_ID');
    });

    it('rejects invalid fields with VALIDATION_FAILED and names them', async () => {
      const response = await post(
        '/v1/profiles',
        profileBody({
          publicId: 'UPPER case',
          fullName: '',
          location: { country: 'Germany' },
          skills: Array.from({ length: 101 }, (_, i) => `s${i}`),
        }),
      );
      expect(response.statusCode).toBe(400);
      const fields = response.json<Json>().errors.map((e: Json) => e.field);
      expect(fields).toEqual(
        expect.arrayContaining(['publicId', 'fullName', 'location.country', 'skills']),
      );
    });

    it('a name that is only markup is rejected after sanitizing', async () => {
      const response = await post('/v1/profiles', profileBody({ fullName: '<b></b>' }));
      expect(response.statusCode).toBe(400);
      expect(response.json<Json>().errors[0].field).toBe('fullName');
    });

    it('unknown company → 422 UNKNOWN_COMPANY; duplicate publicId → 409', async () => {
      const unknown = await post(
        '/v1/profiles',
        profileBody({ currentCompany: uniquePublicId('ghost') }),
      );
      expect(unknown.statusCode).toBe(422);
      expect(unknown.json<Json>().code).toBe('UNKNOWN_COMPANY');
      const profile = await createProfile();
      const duplicate = await post('/v1/profiles', profileBody({ publicId: profile.publicId }));
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json<Json>().code).toBe('DUPLICATE_KEY');
    });

    it('PATCH updates, clears with null, bumps the version; a no-op PATCH keeps it', async () => {
      const profile = await createProfile();
      const updated = await patch(`/v1/profiles/${profile.id}`, {
        headline: 'Countess',
        location: null,
      });
      expect(updated.statusCode).toBe(200);
      expect(updated.json<Json>()).toMatchObject({ headline: 'Countess', version: 2 });
      expect(updated.json<Json>().location).toBeUndefined();
      const same = await patch(`/v1/profiles/${profile.id}`, { headline: 'Countess' });
      expect(same.json<Json>().version).toBe(2);
      expect((await get(`/v1/profiles/${profile.id}`)).json<Json>().headline).toBe('Countess');
    });

    it('two PATCHes with the same If-Match → one 200, one 412', async () => {
      const profile = await createProfile();
      const [a, b] = await Promise.all([
        patch(`/v1/profiles/${profile.id}`, { headline: 'First writer' }, { 'if-match': '"1"' }),
        patch(`/v1/profiles/${profile.id}`, { headline: 'Second writer' }, { 'if-match': '"1"' }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412]);
      const final = (await get(`/v1/profiles/${profile.id}`)).json<Json>();
      expect(final.version).toBe(2);
    });

    it('DELETE removes the profile for good, cached copies included', async () => {
      const profile = await createProfile();
      expect((await get(`/v1/profiles/${profile.publicId}`)).statusCode).toBe(200);
      expect((await del(`/v1/profiles/${profile.id}`)).statusCode).toBe(204);
      expect((await get(`/v1/profiles/${profile.publicId}`)).statusCode).toBe(404);
      expect((await get(`/v1/profiles/${profile.id}`)).statusCode).toBe(404);
      expect((await del(`/v1/profiles/${profile.id}`)).statusCode).toBe(404);
    });

    it('a create replaces a cached not-found', async () => {
      const publicId = uniquePublicId('later');
      expect((await get(`/v1/profiles/${publicId}`)).statusCode).toBe(404);
      await createProfile({ publicId });
      expect((await get(`/v1/profiles/${publicId}`)).statusCode).toBe(200);
    });
  });

  describe('listing', () => {
    it('filters by company, skill, country, prefix search and updatedSince', async () => {
      const company = await createCompany();
      const tag = uniquePublicId('skill');
      const grace = await createProfile({
        fullName: 'Grace Hopper',
        headline: 'Rear admiral, compiler pioneer',
        skills: [tag],
        location: { country: 'US' },
        currentCompany: company.id,
      });
      await createProfile({
        fullName: 'Grace Kelly',
        headline: 'Actress',
        skills: [tag],
        location: { country: 'MC' },
      });
      const list = async (query: string) =>
        (await get(`/v1/profiles?${query}`)).json<Json>().data.map((p: Json) => p.id);

      expect(await list(`company=${company.publicId}`)).toEqual([grace.id]);
      expect((await list(`skill=${tag.toUpperCase()}`)).length).toBe(2);
      expect(await list(`skill=${tag}&country=US`)).toEqual([grace.id]);
      expect(await list(`skill=${tag}&q=gra%20comp`)).toEqual([grace.id]);
      expect(await list(`skill=${tag}&q=hopp`)).toEqual([grace.id]);
      expect(await list(`skill=${tag}&q=opper`)).toEqual([]);
      expect(
        await list(
          `skill=${tag}&updatedSince=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
        ),
      ).toEqual([]);
      expect(await list(`company=${uniquePublicId('none')}`)).toEqual([]);
    });

    it('treats regex metacharacters and operators in filters as plain text', async () => {
      expect((await get('/v1/profiles?q=.*')).json<Json>().data).toEqual([]);
      expect((await get('/v1/profiles?q=%5E(a%2B)%2B%24')).statusCode).toBe(200);
      const injected = await get('/v1/profiles?skill[$ne]=x');
      expect(injected.statusCode).toBe(400);
      const body = await post('/v1/profiles', profileBody({ fullName: { $gt: '' } }));
      expect(body.statusCode).toBe(400);
      expect(body.json<Json>().code).toBe('INVALID_KEY');
    });

    it('rejects a tampered or foreign cursor with 400 INVALID_CURSOR', async () => {
      await createProfile();
      await createProfile();
      const page = (await get('/v1/profiles?limit=1')).json<Json>();
      const cursor: string = page.page.nextCursor;
      const tampered = `${cursor.slice(0, -2)}${cursor.endsWith('A') ? 'BB' : 'AA'}`;
      for (const url of [
        `/v1/profiles?limit=1&cursor=${encodeURIComponent(tampered)}`,
        `/v1/profiles?limit=1&sort=fullName&cursor=${encodeURIComponent(cursor)}`,
        `/v1/companies?limit=1&cursor=${encodeURIComponent(cursor)}`,
        '/v1/profiles?cursor=garbage',
      ]) {
        const response = await get(url);
        expect(response.statusCode).toBe(400);
        expect(response.json<Json>().code).toBe('INVALID_CURSOR');
      }
    });

    it('limit is bounded to 1..100', async () => {
      expect((await get('/v1/profiles?limit=0')).statusCode).toBe(400);
      expect((await get('/v1/profiles?limit=101')).statusCode).toBe(400);
      expect((await get('/v1/profiles?limit=100')).statusCode).toBe(200);
    });

    it.each(['-updatedAt', 'fullName'])(
      'walking every page (sort %s) while others insert: no duplicates, no gaps',
      async (sort) => {
        const skill = uniquePublicId('walk');
        const batch = Array.from({ length: 260 }, (_, i) =>
          profileBody({ fullName: `Walker ${String(i).padStart(3, '0')}`, skills: [skill] }),
        );
        const written = await post('/v1/profiles/batch', { profiles: batch });
        expect(written.statusCode).toBe(200);
        const existing = new Set<string>(written.json<Json>().results.map((r: Json) => r.id));
        expect(existing.size).toBe(260);

        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const url: string = `/v1/profiles?skill=${skill}&sort=${sort}&limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
          const page = (await get(url)).json<Json>();
          seen.push(...page.data.map((p: Json) => p.id));
          cursor = page.page.nextCursor;
          pages++;
          // Other clients keep inserting while the walk goes on.
          await post(
            '/v1/profiles',
            profileBody({ fullName: `Walker ${pages} late`, skills: [skill] }),
          );
        } while (cursor);

        expect(new Set(seen).size).toBe(seen.length);
        for (const id of existing) expect(seen).toContain(id);
      },
    );
  });

  describe('batch upsert', () => {
    it('mixed input → per-item results; resending → all unchanged', async () => {
      const company = await createCompany();
      const existing = await createProfile();
      const profiles = [
        profileBody({ currentCompany: company.publicId }),
        { publicId: 'BAD ID', fullName: '' },
        profileBody({ publicId: existing.publicId, headline: 'Changed by batch' }),
        profileBody({ currentCompany: uniquePublicId('ghost') }),
        'not an object',
      ];
      const first = await post('/v1/profiles/batch', { profiles });
      expect(first.statusCode).toBe(200);
      const results = first.json<Json>().results;
      expect(results.map((r: Json) => r.status)).toEqual([
        'created',
        'invalid',
        'updated',
        'invalid',
        'invalid',
      ]);
      expect(results[1].errors.map((e: Json) => e.field)).toEqual(
        expect.arrayContaining(['publicId', 'fullName']),
      );
      expect(results[3].errors[0].code).toBe('unknownCompany');
      expect((await get(`/v1/profiles/${existing.id}`)).json<Json>().headline).toBe(
        'Changed by batch',
      );

      const second = await post('/v1/profiles/batch', { profiles: [profiles[0], profiles[2]] });
      expect(second.json<Json>().results.map((r: Json) => r.status)).toEqual([
        'unchanged',
        'unchanged',
      ]);
    });

    it('more than 1,000 profiles → 413 BATCH_TOO_LARGE, nothing written', async () => {
      const skill = uniquePublicId('big');
      const profiles = Array.from({ length: 1_001 }, () => profileBody({ skills: [skill] }));
      const response = await post('/v1/profiles/batch', { profiles });
      expect(response.statusCode).toBe(413);
      expect(response.json<Json>().code).toBe('BATCH_TOO_LARGE');
      expect((await get(`/v1/profiles?skill=${skill}`)).json<Json>().data).toEqual([]);
    });
  });

  it('the index set declared on the schemas exists after the sync step', async () => {
    const connection = api.app.get<Connection>(getConnectionToken());
    const names = async (collection: string) =>
      (await connection.collection(collection).listIndexes().toArray()).map((i) =>
        JSON.stringify(i.key),
      );
    expect(await names('profiles')).toEqual(
      expect.arrayContaining([
        '{"publicId":1}',
        '{"updatedAt":-1,"_id":-1}',
        '{"fullName":1,"_id":1,"updatedAt":-1}',
        '{"currentCompany":1,"updatedAt":-1,"_id":-1}',
        '{"currentCompany":1,"fullName":1,"_id":1}',
        '{"skills":1,"updatedAt":-1,"_id":-1}',
        '{"location.country":1,"updatedAt":-1,"_id":-1}',
        '{"searchTerms":1,"updatedAt":-1,"_id":-1}',
      ]),
    );
    expect(await names('companies')).toEqual(
      expect.arrayContaining(['{"publicId":1}', '{"updatedAt":-1,"_id":-1}']),
    );
    const startup = await get('/health/startup');
    expect(startup.json<Json>().details.indexes).toEqual({ status: 'up' });
  });
});
