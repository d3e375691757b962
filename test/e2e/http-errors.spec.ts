import { type ApiHarness, startApiHarness } from '../support/api-harness';

const PROBLEM_TYPE = 'application/problem+json';

describe('problem details for every error class', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApiHarness();
  });

  afterAll(async () => {
    await api.close();
  });

  async function request(options: Parameters<ApiHarness['app']['inject']>[0]) {
    const response = await api.app.inject(options);
    const body = response.json<Record<string, unknown>>();
    return { response, body };
  }

  function expectProblem(
    { response, body }: Awaited<ReturnType<typeof request>>,
    status: number,
    code: string,
  ): void {
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toContain(PROBLEM_TYPE);
    expect(body).toMatchObject({
      status,
      code,
      type: `urn:scout:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    });
    expect(typeof body.title).toBe('string');
    expect(typeof body.detail).toBe('string');
    expect(typeof body.instance).toBe('string');
    expect(body.requestId).toBe(response.headers['x-request-id']);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(js|ts):\d+/);
  }

  it('validation failure → 400 VALIDATION_FAILED with field errors', async () => {
    const result = await request({
      method: 'POST',
      url: '/v1/test/echo',
      payload: { name: '', location: { country: 'Germany' }, extra: true },
    });
    expectProblem(result, 400, 'VALIDATION_FAILED');
    const fields = (result.body.errors as Array<{ field: string; code: string }>).map(
      (e) => `${e.field}:${e.code}`,
    );
    expect(fields).toEqual(
      expect.arrayContaining([
        'name:isLength',
        'location.country:isLength',
        'extra:whitelistValidation',
      ]),
    );
  });

  it('valid input passes the same pipeline', async () => {
    const { response, body } = await request({
      method: 'POST',
      url: '/v1/test/echo',
      payload: { name: 'Ada', location: { country: 'GB' } },
    });
    expect(response.statusCode).toBe(200);
    expect(body).toEqual({ name: 'Ada', location: { country: 'GB' } });
  });

  it('malformed JSON → 400 MALFORMED_JSON', async () => {
    const result = await request({
      method: 'POST',
      url: '/v1/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "Ada",',
    });
    expectProblem(result, 400, 'MALFORMED_JSON');
  });

  it('unknown route → 404 ROUTE_NOT_FOUND', async () => {
    const result = await request({ method: 'GET', url: '/v1/nothing-here?x=1' });
    expectProblem(result, 404, 'ROUTE_NOT_FOUND');
    expect(result.body.instance).toBe('/v1/nothing-here');
  });

  it('wrong method on a known path → 405 METHOD_NOT_ALLOWED with Allow', async () => {
    const result = await request({ method: 'DELETE', url: '/v1/test/echo' });
    expectProblem(result, 405, 'METHOD_NOT_ALLOWED');
    expect(result.response.headers.allow).toBe('POST');
  });

  it('body over the limit → 413 PAYLOAD_TOO_LARGE', async () => {
    const result = await request({
      method: 'POST',
      url: '/v1/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expectProblem(result, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('unsupported content type → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const result = await request({
      method: 'POST',
      url: '/v1/test/echo',
      headers: { 'content-type': 'application/xml' },
      payload: '<name>Ada</name>',
    });
    expectProblem(result, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('Mongo duplicate key → 409 DUPLICATE_KEY without echoing the value', async () => {
    expect(
      (await request({ method: 'POST', url: '/v1/test/probes/jane-doe' })).response.statusCode,
    ).toBe(201);
    const result = await request({ method: 'POST', url: '/v1/test/probes/jane-doe' });
    expectProblem(result, 409, 'DUPLICATE_KEY');
    expect(result.body.detail).not.toContain('jane-doe');
  });

  it('invalid ObjectId → 400 INVALID_ID', async () => {
    const result = await request({ method: 'GET', url: '/v1/test/probes/by-id/not-an-object-id' });
    expectProblem(result, 400, 'INVALID_ID');
  });

  it('dependency unavailable → 503 DEPENDENCY_UNAVAILABLE with Retry-After', async () => {
    const result = await request({ method: 'GET', url: '/v1/test/unavailable' });
    expectProblem(result, 503, 'DEPENDENCY_UNAVAILABLE');
    expect(result.response.headers['retry-after']).toBe('7');
  });

  it('unexpected error → 500 with a generic detail; the stack goes to the log only', async () => {
    const result = await request({
      method: 'GET',
      url: '/v1/test/boom',
      headers: { 'x-request-id': 'boom-1' },
    });
    expectProblem(result, 500, 'INTERNAL_ERROR');
    expect(JSON.stringify(result.body)).not.toContain('secret internal detail');
    expect(result.body.requestId).toBe('boom-1');
    const logged = api.logs.find((l) => l.requestId === 'boom-1' && l.level === 'error');
    expect(logged).toBeDefined();
    expect(JSON.stringify(logged)).toContain('TestRoutesController.boom');
  });
});
