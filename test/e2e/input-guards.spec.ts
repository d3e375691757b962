import { type ApiHarness, startApiHarness } from '../support/api-harness';

describe('operator-injection guard', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApiHarness();
  });

  afterAll(async () => {
    await api.close();
  });

  it.each([
    ['a $-key at the top level', { name: 'Ada', $where: 'sleep(1000)' }, '$where'],
    [
      'a nested $-operator',
      { name: 'Ada', location: { country: { $ne: 'x' } } },
      'location.country.$ne',
    ],
    ['a dotted key', { name: 'Ada', 'location.country': 'GB' }, 'location.country'],
    ['a $-key inside an array', { name: 'Ada', tags: [{ ok: 1 }, { $gt: '' }] }, 'tags[1].$gt'],
  ])('rejects %s in a body with 400 INVALID_KEY', async (_label, payload, field) => {
    const response = await api.app.inject({ method: 'POST', url: '/v1/test/echo', payload });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ code: string; errors: Array<{ field: string }> }>();
    expect(body.code).toBe('INVALID_KEY');
    expect(body.errors[0].field).toBe(field);
  });

  it.each([
    ['/v1/test/slow?ms=0&$where=1', '$where'],
    ['/v1/test/slow?ms=0&a.b=1', 'a.b'],
    ['/health/live?%24gt=1', '$gt'],
  ])('rejects %s in a query string with 400 INVALID_KEY', async (url, field) => {
    const response = await api.app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ code: string; errors: Array<{ field: string }> }>();
    expect(body.code).toBe('INVALID_KEY');
    expect(body.errors[0].field).toBe(field);
  });

  it('lets ordinary values containing $ and . through', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/test/echo',
      payload: { name: '$ave.money' },
    });
    expect(response.statusCode).toBe(200);
  });
});
