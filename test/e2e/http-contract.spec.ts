import type { InjectOptions } from 'light-my-request';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { companyBody, profileBody } from '../support/factories';

type Json = Record<string, unknown>;

/** The request-level rules the document states, as the server enforces them. */
describe('HTTP contract', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApiHarness();
  });

  afterAll(async () => {
    await api.close();
  });

  function expectProblem(
    response: Awaited<ReturnType<ApiHarness['app']['inject']>>,
    status: number,
    code: string,
  ): Json {
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const body = response.json<Json>();
    expect(body).toMatchObject({ status, code });
    return body;
  }

  describe('405 names the methods of the route that matches', () => {
    it('a literal segment wins over a parameter: OPTIONS /v1/profiles/batch allows POST', async () => {
      const response = await api.app.inject({ method: 'OPTIONS', url: '/v1/profiles/batch' });
      expectProblem(response, 405, 'METHOD_NOT_ALLOWED');
      expect(response.headers.allow).toBe('POST');
    });

    it('a parameter route lists its own methods', async () => {
      const response = await api.app.inject({ method: 'PUT', url: '/v1/profiles/ada-lovelace' });
      expectProblem(response, 405, 'METHOD_NOT_ALLOWED');
      expect(response.headers.allow).toBe('GET, HEAD, PATCH, DELETE');
    });

    it('a method the server does not know at all is 405 too, not 400', async () => {
      // light-my-request's method type predates QUERY; Node and Fastify know it.
      const query = { method: 'QUERY', url: '/v1/companies' } as unknown as InjectOptions;
      const response = await api.app.inject(query);
      expectProblem(response, 405, 'METHOD_NOT_ALLOWED');
      expect(response.headers.allow).toBe('GET, HEAD, POST');
    });

    it('an unknown path stays 404 whatever the method', async () => {
      for (const method of ['GET', 'OPTIONS', 'PUT'] as const) {
        const response = await api.app.inject({ method, url: '/v1/no-such-thing' });
        expectProblem(response, 404, 'ROUTE_NOT_FOUND');
      }
    });
  });

  describe('bodies', () => {
    it('PATCH without a body is 400, and the company is unchanged', async () => {
      const created = await api.app.inject({
        method: 'POST',
        url: '/v1/companies',
        payload: companyBody(),
      });
      expect(created.statusCode).toBe(201);
      const { id } = created.json<{ id: string }>();
      const response = await api.app.inject({ method: 'PATCH', url: `/v1/companies/${id}` });
      const body = expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(body.errors).toEqual([expect.objectContaining({ code: 'required' })]);
      const after = await api.app.inject({ method: 'GET', url: `/v1/companies/${id}` });
      expect(after.json<{ version: number }>().version).toBe(1);
    });

    it('a required field cannot be cleared: name: null and fullName: null are 400, not 500', async () => {
      const company = (
        await api.app.inject({ method: 'POST', url: '/v1/companies', payload: companyBody() })
      ).json<{ id: string }>();
      const profile = await api.app.inject({
        method: 'POST',
        url: '/v1/profiles',
        payload: profileBody({ summary: null, headline: null, url: null }),
      });
      expect(profile.statusCode).toBe(201);
      const cleared = [
        [`/v1/companies/${company.id}`, { name: null }, 'name'],
        [`/v1/profiles/${profile.json<{ id: string }>().id}`, { fullName: null }, 'fullName'],
      ] as const;
      for (const [url, payload, field] of cleared) {
        const response = await api.app.inject({ method: 'PATCH', url, payload });
        const body = expectProblem(response, 400, 'VALIDATION_FAILED');
        expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      }
    });

    it('a URL is judged by the pattern the document states', async () => {
      for (const [website, status] of [
        ['https://acme.example/about?x=1', 201],
        ['http://10.0.0.7:8080/', 201],
        ['https://n!XT&.})', 400],
        ['https://-acme.example', 400],
        ['ftp://acme.example', 400],
      ] as const) {
        const response = await api.app.inject({
          method: 'POST',
          url: '/v1/companies',
          payload: companyBody({ website }),
        });
        expect({ website, status: response.statusCode }).toEqual({ website, status });
      }
    });

    it('an empty JSON body is 400 MALFORMED_JSON', async () => {
      const response = await api.app.inject({
        method: 'POST',
        url: '/v1/profiles',
        headers: { 'content-type': 'application/json' },
        payload: '',
      });
      expectProblem(response, 400, 'MALFORMED_JSON');
    });

    it('an empty batch is 400', async () => {
      const response = await api.app.inject({
        method: 'POST',
        url: '/v1/profiles/batch',
        payload: { profiles: [] },
      });
      expectProblem(response, 400, 'VALIDATION_FAILED');
    });
  });

  describe('parameters', () => {
    it.each([
      ['/v1/profiles/0', 'INVALID_ID'],
      ['/v1/companies/AB', 'INVALID_ID'],
      ['/v1/scrape-jobs/not-a-job', 'INVALID_ID'],
      ['/v1/profiles?limit=5.5', 'VALIDATION_FAILED'],
      ['/v1/profiles?company=', 'VALIDATION_FAILED'],
      ['/v1/profiles?cursor=', 'VALIDATION_FAILED'],
      ['/v1/profiles?country=de', 'VALIDATION_FAILED'],
    ])('GET %s → 400 %s', async (url, code) => {
      expectProblem(await api.app.inject({ method: 'GET', url }), 400, code);
    });

    it('a URL that is not valid percent-encoding is 400 problem details too', async () => {
      for (const url of ['/v1/profiles/%', '/v1/companies/%E0%A4%A/profiles']) {
        expectProblem(await api.app.inject({ method: 'GET', url }), 400, 'BAD_REQUEST');
      }
    });

    it('a malformed Idempotency-Key is 400 naming the header', async () => {
      const response = await api.app.inject({
        method: 'POST',
        url: '/v1/scrape-jobs',
        headers: { 'idempotency-key': 'has spaces' },
        payload: { profile: 'ada-lovelace' },
      });
      const body = expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    });
  });
});
