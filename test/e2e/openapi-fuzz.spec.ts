import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc, { type Arbitrary } from 'fast-check';
import { EVENT_TYPES } from '@scout/events';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { companyBody, profileBody } from '../support/factories';
import { OpenApiClient } from '../support/openapi-client';
import { SchemaArbitraries } from '../support/schema-arbitrary';
import { REPO_ROOT } from '../support/test-env';

jest.setTimeout(120_000);

type Json = Record<string, unknown>;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Json;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Json }> };
}

interface FuzzRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: unknown;
  /** What was done to make it invalid (schema-invalid requests only). */
  mutation?: string;
}

/** Fixed, so a failure replays exactly. */
const SEED = 20_261_206;
/** Examples per operation, for schema-valid and for schema-invalid requests each. */
const RUNS = 100;
/** Statuses a schema-valid request may still meet: the documented business outcomes. */
const BUSINESS_ERRORS = new Set([404, 409, 412, 422]);

const document = JSON.parse(readFileSync(join(REPO_ROOT, 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json> };
};
const arbitraries = new SchemaArbitraries(document.components.schemas);

const OPERATIONS = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => ['get', 'post', 'patch', 'delete'].includes(method))
    .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
);

/** Ids that exist, per collection, so valid requests reach real resources too. */
const known: Record<string, string[]> = {
  profiles: [],
  companies: [],
  'scrape-jobs': [],
  webhooks: [],
};

function bodySchema(operation: Operation): Json | undefined {
  return operation.requestBody?.content['application/json']?.schema;
}

function resolve(schema: Json | undefined): Json | undefined {
  const ref = schema?.$ref;
  return typeof ref === 'string'
    ? document.components.schemas[ref.replace('#/components/schemas/', '')]
    : schema;
}

/**
 * Values the schema allows but only the running system can make good: opaque cursors (which
 * only a previous page issues, so none are generated), scrape targets (a publicId or a URL
 * on the configured site, which the document cannot know) and webhook URLs (a host the
 * configuration allowlists, since public names do not resolve here). Ids of existing resources
 * are drawn for `{id}` only: other path parameters (a history version) are generated from their
 * schema.
 */
function parameterArbitrary(path: string, parameter: Parameter): Arbitrary<unknown> {
  if (parameter.in === 'path' && parameter.name === 'id') {
    const collection = path.split('/')[2];
    const generated = arbitraries.of(parameter.schema);
    const existing = known[collection] ?? [];
    return existing.length > 0 ? fc.oneof(fc.constantFrom(...existing), generated) : generated;
  }
  return arbitraries.of(parameter.schema);
}

function validRequest(method: string, path: string, operation: Operation): Arbitrary<FuzzRequest> {
  const parameters = (operation.parameters ?? []).filter((p) => p.name !== 'cursor');
  const values = fc.record(
    Object.fromEntries(parameters.map((p) => [`${p.in}:${p.name}`, parameterArbitrary(path, p)])),
    { requiredKeys: parameters.filter((p) => p.required).map((p) => `${p.in}:${p.name}`) },
  );
  const schema = bodySchema(operation);
  const target = fc.oneof(
    fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,30}$/),
    fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,30}$/).map((id) => `http://127.0.0.1:9/in/${id}`),
  );
  const webhook = {
    url: fc.stringMatching(/^[a-z0-9/-]{0,20}$/).map((tail) => `http://127.0.0.1:9/${tail}`),
    eventTypes: fc.subarray([...EVENT_TYPES], { minLength: 1 }),
    enabled: fc.boolean(),
  };
  const body: Arbitrary<unknown> = !schema
    ? fc.constant(undefined)
    : path === '/v1/webhooks'
      ? fc.record(webhook, { requiredKeys: ['url', 'eventTypes'] })
      : path === '/v1/webhooks/{id}'
        ? fc.record(webhook, { requiredKeys: [] })
        : path === '/v1/scrape-jobs'
          ? fc.record(
              { profile: target, priority: fc.constantFrom('high', 'normal', 'low') },
              { requiredKeys: ['profile'] },
            )
          : path === '/v1/scrape-jobs/batch'
            ? fc.record({ profiles: fc.array(target, { minLength: 1, maxLength: 3 }) })
            : arbitraries.of(schema);
  return fc.tuple(values, body).map(([vals, payload]) => {
    const request: FuzzRequest = { method, path, query: {}, headers: {}, body: payload };
    for (const [key, raw] of Object.entries(vals)) {
      if (raw === undefined || raw === null) continue;
      // Parameters are scalars (strings, integers, enums), sent as their text.
      const value = typeof raw === 'string' ? raw : JSON.stringify(raw);
      const [where, name] = key.split(':');
      if (where === 'path') request.path = request.path.replace(`{${name}}`, value);
      else if (where === 'query') request.query[name] = value;
      else request.headers[name.toLowerCase()] = value;
    }
    return request;
  });
}

type Mutation = (request: FuzzRequest, pick: number) => FuzzRequest | undefined;

/** Ways to break one rule of the document; each answers undefined where it does not apply. */
const MUTATIONS: Record<string, (operation: Operation) => Mutation | undefined> = {
  unknownBodyField: (op) =>
    bodySchema(op) ? (r) => ({ ...r, body: { ...(r.body as Json), zzUnknown: 1 } }) : undefined,
  missingBody: (op) => (bodySchema(op) ? (r) => ({ ...r, body: undefined }) : undefined),
  notAnObjectBody: (op) => (bodySchema(op) ? (r) => ({ ...r, body: [r.body] }) : undefined),
  dropRequired: (op) => {
    const required = (resolve(bodySchema(op))?.required as string[] | undefined) ?? [];
    if (required.length === 0) return undefined;
    return (r, pick) => {
      const body = { ...(r.body as Json) };
      delete body[required[pick % required.length]];
      return { ...r, body };
    };
  },
  wrongType: (op) => {
    const properties = Object.keys((resolve(bodySchema(op))?.properties as Json | undefined) ?? {});
    if (properties.length === 0) return undefined;
    return (r, pick) => {
      const key = properties[pick % properties.length];
      const schema = resolve(
        (resolve(bodySchema(op))!.properties as Record<string, Json>)[key],
      ) as Json;
      const wrong = schema.type === 'string' || schema.enum ? 12_345 : 'not-this-type';
      return { ...r, body: { ...(r.body as Json), [key]: wrong } };
    };
  },
  badPathId: (op) =>
    op.parameters?.some((p) => p.in === 'path')
      ? (r, pick) => {
          const bad = ['Not_An_Id!', '%', '%E0%A4%A', 'AB'][pick % 4];
          return { ...r, path: r.path.replace(/^(\/v1\/[a-z-]+\/)[^/]+/, `$1${bad}`) };
        }
      : undefined,
  badLimit: (op) =>
    op.parameters?.some((p) => p.name === 'limit')
      ? (r, pick) => ({ ...r, query: { ...r.query, limit: ['0', '101', '5.5', 'ten'][pick % 4] } })
      : undefined,
  badEnumQuery: (op) => {
    const names = (op.parameters ?? []).filter((p) => p.in === 'query' && p.schema.enum);
    if (names.length === 0) return undefined;
    return (r, pick) => ({
      ...r,
      query: { ...r.query, [names[pick % names.length].name]: 'zz-not-a-value' },
    });
  },
  emptyQuery: (op) => {
    const names = (op.parameters ?? []).filter(
      (p) => p.in === 'query' && (p.schema.pattern || p.schema.minLength),
    );
    if (names.length === 0) return undefined;
    return (r, pick) => ({ ...r, query: { ...r.query, [names[pick % names.length].name]: '' } });
  },
  badHeader: (op) => {
    const headers = (op.parameters ?? []).filter((p) => p.in === 'header');
    if (headers.length === 0) return undefined;
    return (r, pick) => ({
      ...r,
      headers: { ...r.headers, [headers[pick % headers.length].name.toLowerCase()]: 'bad value!' },
    });
  },
};

function invalidRequest(
  method: string,
  path: string,
  operation: Operation,
): Arbitrary<FuzzRequest> | undefined {
  const applicable = Object.entries(MUTATIONS)
    .map(([name, make]) => [name, make(operation)] as const)
    .filter((entry): entry is readonly [string, Mutation] => entry[1] !== undefined);
  if (applicable.length === 0) return undefined;
  return fc
    .tuple(validRequest(method, path, operation), fc.constantFrom(...applicable), fc.nat())
    .map(([request, [name, mutate], pick]) => ({ ...mutate(request, pick)!, mutation: name }));
}

function url(request: FuzzRequest): string {
  const query = new URLSearchParams(request.query).toString();
  return query ? `${request.path}?${query}` : request.path;
}

/** `CODE field:rule …` of a problem-details body, to say why a request was refused. */
function problemOf(status: number, body: string): string | undefined {
  if (status < 400) return undefined;
  const problem = JSON.parse(body) as {
    code?: string;
    errors?: Array<{ field: string; code: string }>;
  };
  const fields = (problem.errors ?? []).map((e) => `${e.field}:${e.code}`).join(' ');
  return `${problem.code ?? '?'} ${fields}`.trim();
}

interface Finding {
  kind: 'server error' | 'response violates the document' | 'valid refused' | 'invalid accepted';
  request: string;
  status?: number;
  detail: string;
}

describe('spec-driven fuzzing against the live api', () => {
  let api: ApiHarness;
  let client: OpenApiClient;
  const counts = {
    generated: 0,
    findings: new Map<string, number>(),
    /** `valid 201`, `invalid 400`…: what the requests met, to show the run was not vacuous. */
    outcomes: new Map<string, number>(),
  };

  beforeAll(async () => {
    api = await startApiHarness();
    client = new OpenApiClient(api.app);
    await client.load();
    for (let i = 0; i < 3; i++) {
      const company = (
        await api.app.inject({ method: 'POST', url: '/v1/companies', payload: companyBody() })
      ).json<{ id: string; publicId: string }>();
      known.companies.push(company.id, company.publicId);
      const profile = (
        await api.app.inject({
          method: 'POST',
          url: '/v1/profiles',
          payload: profileBody({ currentCompany: company.id }),
        })
      ).json<{ id: string; publicId: string }>();
      known.profiles.push(profile.id, profile.publicId);
      const job = (
        await api.app.inject({
          method: 'POST',
          url: '/v1/scrape-jobs',
          payload: { profile: profile.publicId },
        })
      ).json<{ id: string }>();
      known['scrape-jobs'].push(job.id);
      const webhook = (
        await api.app.inject({
          method: 'POST',
          url: '/v1/webhooks',
          payload: { url: 'http://127.0.0.1:9/hook', eventTypes: ['profile.updated'] },
        })
      ).json<{ id: string }>();
      known.webhooks.push(webhook.id);
    }
  });

  afterAll(async () => {
    const list = (map: Map<string, number>): string =>
      [...map]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, n]) => `${key}: ${n}`)
        .join(', ') || 'none';
    process.stdout.write(
      `openapi fuzz: ${counts.generated} requests (${list(counts.outcomes)}); ` +
        `findings: ${list(counts.findings)}\n`,
    );
    await api.close();
  });

  async function send(
    request: FuzzRequest,
  ): Promise<{ status: number; problem?: string; error?: string }> {
    counts.generated++;
    const outcome = (status: number): void => {
      const key = `${request.mutation ? 'invalid' : 'valid'} ${status}`;
      counts.outcomes.set(key, (counts.outcomes.get(key) ?? 0) + 1);
    };
    try {
      const response = await client.request({
        // light-my-request's method type is a union of literals; these come from the document.
        method: request.method as 'GET',
        url: url(request),
        headers: request.headers,
        ...(request.body === undefined ? {} : { payload: request.body as Json }),
      });
      outcome(response.statusCode);
      return {
        status: response.statusCode,
        problem: problemOf(response.statusCode, response.body),
      };
    } catch (error) {
      return { status: -1, error: error instanceof Error ? error.message : String(error) };
    }
  }

  function record(findings: Finding[], finding: Finding): void {
    findings.push(finding);
    counts.findings.set(finding.kind, (counts.findings.get(finding.kind) ?? 0) + 1);
  }

  function describeRequest(request: FuzzRequest): string {
    const body = request.body === undefined ? '' : ` ${JSON.stringify(request.body).slice(0, 300)}`;
    const via = request.mutation ? ` [${request.mutation}]` : '';
    return `${request.method} ${url(request)}${via}${body}`;
  }

  describe.each(OPERATIONS)('$method $path', ({ method, path, operation }) => {
    it(`accepts ${RUNS} schema-valid requests, or refuses them only with 404/409/412/422`, async () => {
      const findings: Finding[] = [];
      for (const request of fc.sample(validRequest(method, path, operation), {
        seed: SEED,
        numRuns: RUNS,
      })) {
        const { status, problem, error } = await send(request);
        const at = describeRequest(request);
        if (error) {
          const kind = /does not match|not documented|undocumented/.test(error)
            ? 'response violates the document'
            : 'server error';
          record(findings, { kind, request: at, detail: error.slice(0, 400) });
        } else if (status >= 500) {
          record(findings, { kind: 'server error', request: at, status, detail: problem ?? '' });
        } else if (status >= 400 && !BUSINESS_ERRORS.has(status)) {
          record(findings, { kind: 'valid refused', request: at, status, detail: problem ?? '' });
        }
      }
      expect(findings).toEqual([]);
    });

    const invalid = invalidRequest(method, path, operation);
    (invalid ? it : it.skip)(`refuses ${RUNS} schema-invalid requests with a 4xx`, async () => {
      const findings: Finding[] = [];
      for (const request of fc.sample(invalid!, { seed: SEED, numRuns: RUNS })) {
        const { status, problem, error } = await send(request);
        const at = describeRequest(request);
        if (error) {
          record(findings, {
            kind: 'response violates the document',
            request: at,
            detail: error.slice(0, 400),
          });
        } else if (status >= 500) {
          record(findings, { kind: 'server error', request: at, status, detail: problem ?? '' });
        } else if (status < 400) {
          record(findings, { kind: 'invalid accepted', request: at, status, detail: '' });
        }
      }
      expect(findings).toEqual([]);
    });
  });
});
