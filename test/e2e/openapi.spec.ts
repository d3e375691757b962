import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ErrorCode } from '@scout/common';
import { createRootLogger } from '@scout/observability';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { serializeOpenApiDocument } from '../../apps/api/src/openapi';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { toJsonSchema } from '../support/openapi-client';
import { REPO_ROOT, testConfig } from '../support/test-env';

type Json = Record<string, unknown>;

interface Operation {
  operationId: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema: Json }>;
  requestBody?: {
    required?: boolean;
    content: Record<string, { schema: Json; example?: unknown }>;
  };
  responses: Record<string, { content?: Record<string, Json>; links?: Record<string, Json> }>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json>; examples: Record<string, { value: Json }> };
}

const COMMITTED = join(REPO_ROOT, 'openapi.json');
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

function operations(doc: OpenApiDocument): Array<[string, string, Operation]> {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]): [string, string, Operation] => [path, method, op]),
  );
}

/** Every `$ref` anywhere in a document, with where it sits. */
function refs(node: unknown, at = '#'): Array<{ at: string; ref: string }> {
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string'
      ? [{ at, ref: value }]
      : refs(value, `${at}/${key}`),
  );
}

function resolves(doc: unknown, ref: string): boolean {
  if (!ref.startsWith('#/')) return false;
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/')) {
    if (typeof node !== 'object' || node === null || !(part in node)) return false;
    node = (node as Json)[part];
  }
  return node !== undefined;
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
    expect(Object.keys(doc.components.schemas.ProblemDetailsDto.properties as Json)).toEqual(
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
    const all = operations(doc);
    expect(all.length).toBeGreaterThan(3);
    for (const [, , operation] of all) {
      expect(operation.responses['4XX'].content).toHaveProperty(['application/problem+json']);
      expect(operation.responses['5XX'].content).toHaveProperty(['application/problem+json']);
    }
    expect(doc.paths['/health/ready']).toBeDefined();
  });
});

describe('the committed OpenAPI document (openapi.json)', () => {
  let app: NestFastifyApplication;
  let served: OpenApiDocument;
  const committedText = readFileSync(COMMITTED, 'utf8');
  const committed = JSON.parse(committedText) as OpenApiDocument;

  beforeAll(async () => {
    // The api exactly as it ships: no test routes.
    const config = testConfig();
    app = await createApiApp(config, createRootLogger(config));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    served = (await app.inject({ method: 'GET', url: '/docs-json' })).json<OpenApiDocument>();
  });

  afterAll(async () => {
    await app.close();
  });

  it('is what the api serves, byte for byte (run `npm run openapi` after changing the contract)', () => {
    expect(committed).toEqual(served);
    expect(committedText).toBe(serializeOpenApiDocument(served));
  });

  it('has no unresolved $ref', () => {
    const all = refs(committed);
    expect(all.length).toBeGreaterThan(50);
    expect(all.filter(({ ref }) => !resolves(committed, ref))).toEqual([]);
  });

  it('gives every request body an example that its own schema accepts', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const bodies = operations(committed).filter(([, , op]) => op.requestBody);
    expect(bodies.length).toBeGreaterThanOrEqual(7);
    for (const [path, method, op] of bodies) {
      expect(op.requestBody?.required).toBe(true);
      const media = op.requestBody!.content['application/json'];
      expect({ at: `${method} ${path}`, example: media.example }).toEqual({
        at: `${method} ${path}`,
        example: expect.anything(),
      });
      const validate = ajv.compile(
        toJsonSchema(media.schema, committed.components.schemas) as Json,
      );
      expect({
        at: `${method} ${path}`,
        valid: validate(media.example),
        errors: validate.errors,
      }).toEqual({ at: `${method} ${path}`, valid: true, errors: null });
    }
  });

  it('gives every problem type an example', () => {
    for (const code of Object.values(ErrorCode)) {
      expect(committed.components.examples[code].value).toMatchObject({
        code,
        type: `urn:scout:problem:${code.toLowerCase().replace(/_/g, '-')}`,
      });
    }
    const notFound = committed.paths['/v1/profiles/{id}'].get.responses['4XX'].content?.[
      'application/problem+json'
    ] as { examples: Record<string, { $ref: string }> };
    expect(notFound.examples.NOT_FOUND.$ref).toBe('#/components/examples/NOT_FOUND');
  });

  it('closes every request body: unknown properties are refused', () => {
    for (const name of [
      'CreateProfileDto',
      'UpdateProfileDto',
      'BatchProfilesDto',
      'LocationDto',
      'ExperienceInputDto',
      'EducationDto',
      'CreateCompanyDto',
      'UpdateCompanyDto',
      'CreateScrapeJobDto',
      'BatchScrapeJobsDto',
    ]) {
      expect({
        name,
        additionalProperties: committed.components.schemas[name].additionalProperties,
      }).toEqual({ name, additionalProperties: false });
    }
  });

  it('states the rules the server enforces on parameters, headers and bodies', () => {
    const param = (path: string, method: string, name: string): Json =>
      committed.paths[path][method].parameters!.find((p) => p.name === name)!.schema;
    const schema = (name: string, property: string): Json =>
      (committed.components.schemas[name].properties as Record<string, Json>)[property];

    for (const path of ['/v1/profiles/{id}', '/v1/companies/{id}', '/v1/scrape-jobs/{id}']) {
      expect(new RegExp(param(path, 'get', 'id').pattern as string).test('0')).toBe(false);
    }
    expect(param('/v1/profiles', 'get', 'limit')).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 100,
    });
    expect(param('/v1/profiles', 'get', 'cursor')).toMatchObject({ minLength: 1 });
    expect(new RegExp(param('/v1/profiles', 'get', 'company').pattern as string).test('')).toBe(
      false,
    );
    expect(param('/v1/profiles', 'get', 'country').enum).toContain('DE');
    expect(param('/v1/scrape-jobs', 'post', 'Idempotency-Key').pattern).toBe(
      '^[A-Za-z0-9._:-]{1,200}$',
    );
    expect(param('/v1/profiles/{id}', 'patch', 'If-Match').pattern).toBeDefined();
    expect(param('/v1/companies/{id}', 'patch', 'If-Match').pattern).toBeDefined();
    expect(schema('BatchProfilesDto', 'profiles')).toMatchObject({ minItems: 1, maxItems: 1000 });
    expect(schema('BatchScrapeJobsDto', 'profiles')).toMatchObject({
      minItems: 1,
      maxItems: 1000,
      items: { type: 'string', maxLength: 2048 },
    });
    expect(schema('EducationDto', 'startYear')).toMatchObject({
      type: 'integer',
      minimum: 1900,
      maximum: 2100,
    });
    expect(schema('EducationDto', 'school')).toMatchObject({ minLength: 1, maxLength: 200 });
    expect(schema('CreateProfileDto', 'fullName')).toMatchObject({ minLength: 1 });
    expect(committed.components.schemas.CreateProfileDto.required).toEqual([
      'publicId',
      'fullName',
    ]);
  });

  it('links each created resource to the operations that take its id', () => {
    const links = (path: string, status: string): string[] =>
      Object.keys(committed.paths[path].post.responses[status].links ?? {}).sort();
    expect(links('/v1/scrape-jobs', '202')).toEqual([
      'ScrapeJobsController_cancel_v1',
      'ScrapeJobsController_get_v1',
      'ScrapeJobsController_retry_v1',
    ]);
    expect(links('/v1/profiles', '201')).toEqual([
      'PersonExportController_export_v1',
      'ProfilesController_delete_v1',
      'ProfilesController_get_v1',
      'ProfilesController_listHistory_v1',
      'ProfilesController_update_v1',
    ]);
    expect(links('/v1/companies', '201')).toEqual([
      'CompaniesController_delete_v1',
      'CompaniesController_get_v1',
      'CompaniesController_listProfiles_v1',
      'CompaniesController_update_v1',
    ]);
    const link =
      committed.paths['/v1/scrape-jobs'].post.responses['202'].links!.ScrapeJobsController_get_v1;
    expect(link).toMatchObject({ parameters: { id: '$response.body#/id' } });
  });
});
