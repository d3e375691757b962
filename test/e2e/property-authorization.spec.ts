import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { companyBody, profileBody } from '../support/factories';

jest.setTimeout(60_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

/** Fields Scout keeps for itself: search tokens, change detection, queue bookkeeping, storage. */
const INTERNAL_FIELDS = [
  '_id',
  '__v',
  'searchTerms',
  'contentHash',
  'activeKey',
  'idempotencyKey',
  'hash',
  'prefix',
];

/** Every property name anywhere in a JSON value, with the path it was found at. */
function propertyPaths(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => propertyPaths(item, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Json).flatMap(([key, child]) => [
    `${path}.${key}`,
    ...propertyPaths(child, `${path}.${key}`),
  ]);
}

function leaked(body: unknown): string[] {
  return propertyPaths(body).filter((path) =>
    INTERNAL_FIELDS.includes(path.slice(path.lastIndexOf('.') + 1)),
  );
}

/**
 * OWASP API3 (broken object property level authorization): a client can neither set a
 * property it is not meant to (mass assignment) nor read one Scout keeps for itself.
 */
describe('property-level authorization', () => {
  let api: ApiHarness;
  let profileId: string;

  beforeAll(async () => {
    api = await startApiHarness();
    const company = await api.app.inject({
      method: 'POST',
      url: '/v1/companies',
      payload: companyBody(),
    });
    expect(company.statusCode).toBe(201);
    const profile = await api.app.inject({
      method: 'POST',
      url: '/v1/profiles',
      payload: profileBody({ currentCompany: company.json<Json>().publicId }),
    });
    expect(profile.statusCode).toBe(201);
    profileId = profile.json<Json>().id as string;
  });

  afterAll(async () => {
    await api.close();
  });

  it('refuses unknown and internal properties on create and update: 400 naming each', async () => {
    const attempts = [
      {
        method: 'POST' as const,
        url: '/v1/profiles',
        payload: profileBody({ searchTerms: ['x'], version: 7, isAdmin: true }),
      },
      {
        method: 'PATCH' as const,
        url: `/v1/profiles/${profileId}`,
        payload: { scrape: { contentHash: 'forged' }, source: 'scrape' },
      },
      { method: 'POST' as const, url: '/v1/companies', payload: companyBody({ _id: 'x' }) },
    ];
    for (const attempt of attempts) {
      const response = await api.app.inject(attempt);
      const where = `${attempt.method} ${attempt.url}`;
      expect([where, response.statusCode]).toEqual([where, 400]);
      const fields = (response.json<Json>().errors as Json[]).map((e) => e.field as string);
      expect(fields.length).toBeGreaterThan(0);
    }
    const unchanged = await api.app.inject({ method: 'GET', url: `/v1/profiles/${profileId}` });
    expect(unchanged.json<Json>().version).toBe(1);
  });

  it('answers without internal fields: single reads, pages, writes, batches and scrape jobs', async () => {
    const responses = [
      await api.app.inject({ method: 'GET', url: `/v1/profiles/${profileId}` }),
      await api.app.inject({ method: 'GET', url: '/v1/profiles?limit=100' }),
      await api.app.inject({ method: 'GET', url: '/v1/companies?limit=100' }),
      await api.app.inject({
        method: 'PATCH',
        url: `/v1/profiles/${profileId}`,
        payload: { headline: 'Changed headline' },
      }),
      await api.app.inject({
        method: 'POST',
        url: '/v1/profiles/batch',
        payload: { profiles: [profileBody()] },
      }),
      await api.app.inject({
        method: 'POST',
        url: '/v1/scrape-jobs',
        payload: { profile: 'someone-to-scrape' },
      }),
      await api.app.inject({ method: 'GET', url: '/v1/scrape-jobs?limit=100' }),
    ];
    for (const response of responses) {
      expect(response.statusCode).toBeLessThan(300);
      const body = response.json<unknown>();
      expect(propertyPaths(body).length).toBeGreaterThan(0);
      expect(leaked(body)).toEqual([]);
    }
  });
});
