import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { paths, ScoutClient } from '@scout/client';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { profileBody, uniquePublicId } from '../support/factories';
import { OpenApiClient } from '../support/openapi-client';
import {
  inProcessSdk,
  type NewCompany,
  type NewProfile,
  newCompany,
  newProfile,
  problemOf,
  statusOf,
} from '../support/sdk';

jest.setTimeout(60_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies in assertions
type ProfileQuery = NonNullable<paths['/v1/profiles']['get']['parameters']['query']>;

/**
 * Ordinary calls go through the SDK (@scout/client), as Scout's users make them; raw requests
 * remain only where a test sends what the SDK's types refuse (invalid fields, operator keys,
 * bracketed query names, non-object batch items).
 */
describe('profiles and companies API', () => {
  let api: ApiHarness;
  let client: OpenApiClient;
  let scout: ScoutClient;

  beforeAll(async () => {
    api = await startApiHarness();
    client = new OpenApiClient(api.app);
    await client.load();
    scout = inProcessSdk(client);
  });

  afterAll(async () => {
    await api.close();
  });

  /** A request the SDK's types would refuse, sent as it is. */
  const post = (url: string, payload: unknown) =>
    client.request({ method: 'POST', url, payload: payload as Json });
  const get = (url: string) => client.request({ method: 'GET', url });

  const at = (id: string) => ({ params: { path: { id } } });
  const getProfile = (id: string) => scout.GET('/v1/profiles/{id}', at(id));
  const getCompany = (id: string) => scout.GET('/v1/companies/{id}', at(id));
  const listProfiles = async (query: ProfileQuery) =>
    (await scout.GET('/v1/profiles', { params: { query } })).data!;

  async function createCompany(overrides: Partial<NewCompany> = {}) {
    const { data, response } = await scout.POST('/v1/companies', { body: newCompany(overrides) });
    expect(response.status).toBe(201);
    return data!;
  }

  async function createProfile(overrides: Partial<NewProfile> = {}) {
    const { data, response } = await scout.POST('/v1/profiles', { body: newProfile(overrides) });
    expect(response.status).toBe(201);
    return data!;
  }

  describe('companies', () => {
    it('create, read by id and publicId, update with ETag, delete', async () => {
      const created = await scout.POST('/v1/companies', {
        body: newCompany({ name: ' <b>Acme</b>\u0007 Corp ' }),
      });
      expect(created.response.status).toBe(201);
      const company = created.data!;
      expect(created.response.headers.get('location')).toBe(`/v1/companies/${company.id}`);
      expect(created.response.headers.get('etag')).toBe('"1"');
      expect(company.name).toBe('Acme Corp');

      expect((await getCompany(company.id)).data?.publicId).toBe(company.publicId);
      expect((await getCompany(company.publicId)).data?.id).toBe(company.id);

      const updated = await scout.PATCH('/v1/companies/{id}', {
        params: { path: { id: company.id }, header: { 'If-Match': '"1"' } },
        body: { industry: 'Robotics', website: null },
      });
      expect(updated.response.status).toBe(200);
      expect(updated.response.headers.get('etag')).toBe('"2"');
      expect(updated.data).toMatchObject({ industry: 'Robotics', version: 2 });
      expect(updated.data?.website).toBeUndefined();

      const stale = await problemOf(
        scout.PATCH('/v1/companies/{id}', {
          params: { path: { id: company.id }, header: { 'If-Match': '"1"' } },
          body: { industry: 'X' },
        }),
      );
      expect(stale).toMatchObject({ status: 412, code: 'PRECONDITION_FAILED' });

      expect((await scout.DELETE('/v1/companies/{id}', at(company.id))).response.status).toBe(204);
      expect(await problemOf(getCompany(company.id))).toMatchObject({
        status: 404,
        code: 'NOT_FOUND',
      });
    });

    it('duplicate publicId → 409 DUPLICATE_KEY', async () => {
      const company = await createCompany();
      const again = await problemOf(
        scout.POST('/v1/companies', { body: newCompany({ publicId: company.publicId }) }),
      );
      expect(again).toMatchObject({ status: 409, code: 'DUPLICATE_KEY' });
    });

    it('deleting a company that profiles reference → 409 COMPANY_IN_USE with the count', async () => {
      const company = await createCompany();
      await createProfile({ currentCompany: company.publicId });
      await createProfile({ experiences: [{ title: 'Intern', company: company.id }] });
      const refused = await problemOf(scout.DELETE('/v1/companies/{id}', at(company.publicId)));
      expect(refused).toMatchObject({ status: 409, code: 'COMPANY_IN_USE' });
      expect(refused.problem).toMatchObject({ count: 2 });
      expect((await getCompany(company.id)).response.status).toBe(200);
    });

    it('lists its current employees, paginated; an unknown company is 404', async () => {
      const company = await createCompany();
      const other = await createCompany();
      for (let i = 0; i < 3; i++) await createProfile({ currentCompany: company.id });
      await createProfile({ currentCompany: other.id });
      const employees = (cursor?: string) =>
        scout.GET('/v1/companies/{id}/profiles', {
          params: { path: { id: company.id }, query: { limit: 2, ...(cursor ? { cursor } : {}) } },
        });
      const first = await employees();
      expect(first.response.status).toBe(200);
      const page1 = first.data!;
      expect(page1.data).toHaveLength(2);
      expect(page1.data[0].currentCompany).toEqual({
        id: company.id,
        publicId: company.publicId,
        name: company.name,
      });
      const second = (await employees(page1.page.nextCursor ?? undefined)).data!;
      expect(second.data).toHaveLength(1);
      expect(second.page.nextCursor).toBeNull();
      const unknown = await problemOf(
        scout.GET('/v1/companies/{id}/profiles', at(uniquePublicId('nobody'))),
      );
      expect(unknown.status).toBe(404);
    });

    it('lists companies with a cursor', async () => {
      await createCompany();
      const { data, response } = await scout.GET('/v1/companies', {
        params: { query: { limit: 1 } },
      });
      expect(response.status).toBe(200);
      expect(data?.page.nextCursor).toEqual(expect.any(String));
    });
  });

  describe('profiles', () => {
    it('create → 201 with Location and ETag; normalized fields; inline company summary', async () => {
      const company = await createCompany();
      const { data: profile, response } = await scout.POST('/v1/profiles', {
        body: newProfile({
          currentCompany: company.publicId,
          summary: '<script>alert(1)</script>Builds <i>engines</i>\u0000',
          fullName: 'Ade\u0300le Dupont',
        }),
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('location')).toBe(`/v1/profiles/${profile!.id}`);
      expect(response.headers.get('etag')).toBe('"1"');
      expect(profile!.skills).toEqual(['mathematics', 'poetry']);
      expect(profile!.summary).toBe('alert(1)Builds engines');
      expect(profile!.fullName).toBe('Adèle Dupont'.normalize('NFC'));
      expect(profile!.currentCompany).toEqual({
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
      expect((await getProfile(profile.id)).data?.publicId).toBe(profile.publicId);
      expect((await getProfile(profile.publicId)).data?.id).toBe(profile.id);
      expect((await problemOf(getProfile(uniquePublicId()))).status).toBe(404);
      expect(await problemOf(getProfile('Not_An_Id!'))).toMatchObject({
        status: 400,
        code: 'INVALID_ID',
      });
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
      const refused = await problemOf(
        scout.POST('/v1/profiles', { body: newProfile({ fullName: '<b></b>' }) }),
      );
      expect(refused.status).toBe(400);
      expect(refused.errors[0].field).toBe('fullName');
    });

    it('unknown company → 422 UNKNOWN_COMPANY; duplicate publicId → 409', async () => {
      const unknown = await problemOf(
        scout.POST('/v1/profiles', {
          body: newProfile({ currentCompany: uniquePublicId('ghost') }),
        }),
      );
      expect(unknown).toMatchObject({ status: 422, code: 'UNKNOWN_COMPANY' });
      const profile = await createProfile();
      const duplicate = await problemOf(
        scout.POST('/v1/profiles', { body: newProfile({ publicId: profile.publicId }) }),
      );
      expect(duplicate).toMatchObject({ status: 409, code: 'DUPLICATE_KEY' });
    });

    it('PATCH updates, clears with null, bumps the version; a no-op PATCH keeps it', async () => {
      const profile = await createProfile();
      const change = (
        body: paths['/v1/profiles/{id}']['patch']['requestBody']['content']['application/json'],
      ) => scout.PATCH('/v1/profiles/{id}', { ...at(profile.id), body });
      const updated = await change({ headline: 'Countess', location: null });
      expect(updated.response.status).toBe(200);
      expect(updated.data).toMatchObject({ headline: 'Countess', version: 2 });
      expect(updated.data?.location).toBeUndefined();
      const same = await change({ headline: 'Countess' });
      expect(same.data?.version).toBe(2);
      expect((await getProfile(profile.id)).data?.headline).toBe('Countess');
      // Cleared lists stay changeable (a profile stored without experiences was a 500).
      const cleared = await change({ experiences: null, education: null });
      expect(cleared.data).toMatchObject({ experiences: [], version: 3 });
      const after = await change({ headline: 'Mathematician' });
      expect(after.data).toMatchObject({ headline: 'Mathematician', version: 4 });
    });

    it('two PATCHes with the same If-Match → one 200, one 412', async () => {
      const profile = await createProfile();
      const change = (headline: string) =>
        scout.PATCH('/v1/profiles/{id}', {
          params: { path: { id: profile.id }, header: { 'If-Match': '"1"' } },
          body: { headline },
        });
      const statuses = await Promise.all([
        statusOf(change('First writer')),
        statusOf(change('Second writer')),
      ]);
      expect(statuses.sort()).toEqual([200, 412]);
      expect((await getProfile(profile.id)).data?.version).toBe(2);
    });

    it('DELETE removes the profile for good, cached copies included', async () => {
      const profile = await createProfile();
      expect((await getProfile(profile.publicId)).response.status).toBe(200);
      expect((await scout.DELETE('/v1/profiles/{id}', at(profile.id))).response.status).toBe(204);
      expect(await statusOf(getProfile(profile.publicId))).toBe(404);
      expect(await statusOf(getProfile(profile.id))).toBe(404);
      expect(await statusOf(scout.DELETE('/v1/profiles/{id}', at(profile.id)))).toBe(404);
    });

    it('a create replaces a cached not-found', async () => {
      const publicId = uniquePublicId('later');
      expect(await statusOf(getProfile(publicId))).toBe(404);
      await createProfile({ publicId });
      expect(await statusOf(getProfile(publicId))).toBe(200);
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
      const list = async (query: ProfileQuery) => (await listProfiles(query)).data.map((p) => p.id);

      expect(await list({ company: company.publicId })).toEqual([grace.id]);
      expect((await list({ skill: tag.toUpperCase() })).length).toBe(2);
      expect(await list({ skill: tag, country: 'US' })).toEqual([grace.id]);
      expect(await list({ skill: tag, q: 'gra comp' })).toEqual([grace.id]);
      expect(await list({ skill: tag, q: 'hopp' })).toEqual([grace.id]);
      expect(await list({ skill: tag, q: 'opper' })).toEqual([]);
      expect(
        await list({ skill: tag, updatedSince: new Date(Date.now() + 60_000).toISOString() }),
      ).toEqual([]);
      expect(await list({ company: uniquePublicId('none') })).toEqual([]);
    });

    it('treats regex metacharacters and operators in filters as plain text', async () => {
      expect((await listProfiles({ q: '.*' })).data).toEqual([]);
      expect(
        await statusOf(scout.GET('/v1/profiles', { params: { query: { q: '^(a+)+$' } } })),
      ).toBe(200);
      const injected = await get('/v1/profiles?skill[$ne]=x');
      expect(injected.statusCode).toBe(400);
      const body = await post('/v1/profiles', profileBody({ fullName: { $gt: '' } }));
      expect(body.statusCode).toBe(400);
      expect(body.json<Json>().code).toBe('INVALID_KEY');
    });

    it('rejects a tampered or foreign cursor with 400 INVALID_CURSOR', async () => {
      await createProfile();
      await createProfile();
      const cursor = (await listProfiles({ limit: 1 })).page.nextCursor!;
      const tampered = `${cursor.slice(0, -2)}${cursor.endsWith('A') ? 'BB' : 'AA'}`;
      for (const call of [
        scout.GET('/v1/profiles', { params: { query: { limit: 1, cursor: tampered } } }),
        scout.GET('/v1/profiles', { params: { query: { limit: 1, sort: 'fullName', cursor } } }),
        scout.GET('/v1/companies', { params: { query: { limit: 1, cursor } } }),
        scout.GET('/v1/profiles', { params: { query: { cursor: 'garbage' } } }),
      ]) {
        expect(await problemOf(call)).toMatchObject({ status: 400, code: 'INVALID_CURSOR' });
      }
    });

    it('limit is bounded to 1..100', async () => {
      const withLimit = (limit: number) =>
        statusOf(scout.GET('/v1/profiles', { params: { query: { limit } } }));
      expect(await withLimit(0)).toBe(400);
      expect(await withLimit(101)).toBe(400);
      expect(await withLimit(100)).toBe(200);
    });

    it.each(['-updatedAt', 'fullName'] as const)(
      'walking every page (sort %s) while others insert: no duplicates, no gaps',
      async (sort) => {
        const skill = uniquePublicId('walk');
        const batch = Array.from({ length: 260 }, (_, i) =>
          newProfile({ fullName: `Walker ${String(i).padStart(3, '0')}`, skills: [skill] }),
        );
        const written = await scout.POST('/v1/profiles/batch', { body: { profiles: batch } });
        expect(written.response.status).toBe(200);
        const existing = new Set(written.data!.results.map((r) => r.id));
        expect(existing.size).toBe(260);

        const seen: string[] = [];
        let pages = 0;
        // The SDK follows page.nextCursor; other clients keep inserting while the walk goes on.
        for await (const profile of scout.pages('/v1/profiles', {
          query: { skill, sort, limit: 25 },
        })) {
          seen.push(profile.id);
          if (seen.length % 25 === 1) {
            pages++;
            await createProfile({ fullName: `Walker ${pages} late`, skills: [skill] });
          }
        }

        expect(new Set(seen).size).toBe(seen.length);
        for (const id of existing) expect(seen).toContain(id);
      },
    );
  });

  describe('batch upsert', () => {
    // Raw: a batch may carry items that are not profiles at all, which the SDK's types refuse.
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
      expect((await getProfile(existing.id)).data?.headline).toBe('Changed by batch');

      const second = await post('/v1/profiles/batch', { profiles: [profiles[0], profiles[2]] });
      expect(second.json<Json>().results.map((r: Json) => r.status)).toEqual([
        'unchanged',
        'unchanged',
      ]);
    });

    it('more than 1,000 profiles → 413 BATCH_TOO_LARGE, nothing written', async () => {
      const skill = uniquePublicId('big');
      const profiles = Array.from({ length: 1_001 }, () => newProfile({ skills: [skill] }));
      const refused = await problemOf(scout.POST('/v1/profiles/batch', { body: { profiles } }));
      expect(refused).toMatchObject({ status: 413, code: 'BATCH_TOO_LARGE' });
      expect((await listProfiles({ skill })).data).toEqual([]);
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
    const startup = await scout.GET('/health/startup');
    expect(startup.data?.details?.indexes).toEqual({ status: 'up' });
  });
});
