import { type ApiHarness, startApiHarness } from '../support/api-harness';

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, { content?: object }> }>>;
  components: { schemas: Record<string, { properties: Record<string, unknown> }> };
}

describe('OpenAPI', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApiHarness();
  });

  afterAll(async () => {
    await api.close();
  });

  it('serves Swagger UI at /docs', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/docs' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('swagger');
  });

  it('documents problem details as the error response of every operation', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/docs-json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json<OpenApiDocument>();
    expect(Object.keys(doc.components.schemas.ProblemDetailsDto.properties)).toEqual(
      expect.arrayContaining([
        'type',
        'title',
        'status',
        'detail',
        'instance',
        'code',
        'requestId',
        'errors',
      ]),
    );
    const operations = Object.values(doc.paths).flatMap((item) => Object.values(item));
    expect(operations.length).toBeGreaterThan(3);
    for (const operation of operations) {
      expect(operation.responses['4XX'].content).toHaveProperty(['application/problem+json']);
      expect(operation.responses['5XX'].content).toHaveProperty(['application/problem+json']);
    }
    expect(doc.paths['/health/ready']).toBeDefined();
  });
});
