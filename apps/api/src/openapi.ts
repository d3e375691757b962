import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type {
  ContentObject,
  OperationObject,
  ReferenceObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { SECURITY_SCHEMES } from '@scout/auth';
import {
  applyValidationContract,
  FieldErrorDto,
  PROBLEM_CONTENT_TYPE,
  ProblemDetailsDto,
  problemExamples,
} from '@scout/common';
import { HealthDetailDto } from '@scout/health';

const PROBLEM_SCHEMA = { $ref: '#/components/schemas/ProblemDetailsDto' };

const INTEGER_HEADER = { schema: { type: 'integer' } } as const;

const OPERATIONS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'] as const;

type Schemas = Record<string, SchemaObject | ReferenceObject>;

/** The problem-details content of an error response, with the examples of the given codes. */
function problemContent(examples: string[]): ContentObject {
  return {
    [PROBLEM_CONTENT_TYPE]: {
      schema: PROBLEM_SCHEMA,
      ...(examples.length > 0
        ? {
            examples: Object.fromEntries(
              examples.map((name) => [name, { $ref: `#/components/examples/${name}` }]),
            ),
          }
        : {}),
    },
  };
}

function refName(schema: unknown): string | undefined {
  const ref = (schema as { $ref?: unknown } | undefined)?.$ref;
  return typeof ref === 'string' ? ref.replace('#/components/schemas/', '') : undefined;
}

/** Every schema a schema refers to, itself included (transitively). */
function reachable(root: string, schemas: Schemas, seen = new Set<string>()): Set<string> {
  if (seen.has(root) || !schemas[root]) return seen;
  seen.add(root);
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const name = refName(node);
    if (name) reachable(name, schemas, seen);
    for (const child of Object.values(node)) visit(child);
  };
  visit(schemas[root]);
  return seen;
}

/**
 * An example built from the `example`s of a schema's properties (nested objects and arrays of
 * objects included), so every request body shows one without a second copy to maintain.
 */
function exampleOf(schema: unknown, schemas: Schemas, depth = 0): unknown {
  if (depth > 5 || typeof schema !== 'object' || schema === null) return undefined;
  const name = refName(schema);
  if (name) return exampleOf(schemas[name], schemas, depth + 1);
  const s = schema as SchemaObject;
  if (s.example !== undefined) return s.example;
  if (s.type === 'array') {
    const item = exampleOf(s.items, schemas, depth + 1);
    return item === undefined ? undefined : [item];
  }
  if (s.allOf?.length === 1) return exampleOf(s.allOf[0], schemas, depth + 1);
  if (!s.properties) return undefined;
  const entries = Object.entries(s.properties)
    .map(([key, value]) => [key, exampleOf(value, schemas, depth + 1)] as const)
    .filter(([, value]) => value !== undefined);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** Schema name of the JSON body of a 2xx response, if any. */
function successBody(operation: OperationObject): { status: string; schema?: string } | undefined {
  const status = Object.keys(operation.responses).find((s) => /^2\d\d$/.test(s));
  if (!status) return undefined;
  const response = operation.responses[status] as {
    content?: Record<string, { schema?: unknown }>;
  };
  return { status, schema: refName(response.content?.['application/json']?.schema) };
}

/**
 * OpenAPI `links` from every creating operation (`POST <collection>` answering a resource with
 * an `id`) to every operation under `<collection>/{id}` that needs no other path parameter, so a
 * client can follow the id.
 */
function addLinks(document: OpenAPIObject, schemas: Schemas): void {
  for (const [path, item] of Object.entries(document.paths)) {
    const create = item.post;
    const body = create && successBody(create);
    if (!create || !body?.schema) continue;
    const created = schemas[body.schema] as SchemaObject | undefined;
    if (!created?.properties?.id) continue;
    const links: Record<string, object> = {};
    for (const [target, targetItem] of Object.entries(document.paths)) {
      if (target !== `${path}/{id}` && !target.startsWith(`${path}/{id}/`)) continue;
      // A link supplies only the id; an operation that needs another path parameter is not one.
      if (/\{(?!id\})[^}]*\}/.test(target)) continue;
      for (const method of OPERATIONS) {
        const operation = targetItem[method];
        if (!operation?.operationId || method === 'head') continue;
        links[operation.operationId] = {
          operationId: operation.operationId,
          parameters: { id: '$response.body#/id' },
          description: `${method.toUpperCase()} ${target} with the \`id\` just created`,
        };
      }
    }
    if (Object.keys(links).length > 0) {
      (create.responses[body.status] as { links?: object }).links = links;
    }
  }
}

/**
 * Builds the OpenAPI document. The class-validator rules are written into the schemas first
 * (applyValidationContract), so every parameter and body is documented exactly as strictly as
 * it is validated; then every operation gets the problem-details schema as its 4XX/5XX
 * response with an example of each problem type, every `/v1` operation its 429, every request
 * body `additionalProperties: false` (unknown fields are refused) and an example, and every
 * creating operation `links` to the operations that take the id it returns.
 */
export function buildOpenApiDocument(
  app: INestApplication,
  problemTypeBase: string,
): OpenAPIObject {
  applyValidationContract();
  const config = new DocumentBuilder()
    .setTitle('Scout API')
    .setDescription(
      'Professional profiles and companies, kept fresh by queued scraping. Errors are RFC 9457 ' +
        'problem details with a stable `code`; every response carries `X-Request-Id`. Every ' +
        '`/v1` route needs an API key holding the scope named in its `x-required-scope` ' +
        '(`admin` implies all), sent as `Authorization: Bearer <key>` or `X-API-Key: <key>`. ' +
        'Unknown body fields, and unknown query parameters where an operation takes some, are ' +
        'refused with 400 `VALIDATION_FAILED`, and a key ' +
        'that starts with a dollar sign or contains a dot anywhere in a body or query with 400 ' +
        '`INVALID_KEY`; a method a path does not have is 405 with `Allow`.',
    )
    .setVersion('1')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'An API key: `Bearer sk_…`' },
      SECURITY_SCHEMES.bearer,
    )
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key: `sk_…`' },
      SECURITY_SCHEMES.apiKey,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDetailsDto, FieldErrorDto, HealthDetailDto],
  });
  const components = (document.components ??= {});
  const schemas = (components.schemas ??= {});

  const examples = problemExamples(problemTypeBase);
  components.examples = Object.fromEntries(
    examples.map((e) => [e.code, { summary: e.summary, value: e.value }]),
  );
  const clientCodes = examples.filter((e) => e.status < 500).map((e) => e.code);
  const serverCodes = examples.filter((e) => e.status >= 500).map((e) => e.code);
  const codesOf = (status: number): string[] =>
    examples.filter((e) => e.status === status).map((e) => e.code);
  const rateLimited = {
    description:
      'RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent',
    headers: {
      'Retry-After': { ...INTEGER_HEADER, description: 'Seconds until the window ends' },
      'RateLimit-Limit': { ...INTEGER_HEADER, description: 'Requests per window for this budget' },
      'RateLimit-Remaining': { ...INTEGER_HEADER, description: 'Requests left in this window' },
      'RateLimit-Reset': { ...INTEGER_HEADER, description: 'Seconds until the window ends' },
    },
    content: problemContent(codesOf(429)),
  };
  const costlyLimited = (rule: { pageLimitAtLeast?: number }) => ({
    ...rateLimited,
    description:
      `${rateLimited.description}, or the key already has \`RATE_LIMIT_COSTLY_CONCURRENCY\` ` +
      `(default 2) costly requests in flight` +
      (rule.pageLimitAtLeast === undefined
        ? ''
        : ` (here: requests with \`limit\` of ${rule.pageLimitAtLeast} or more)`) +
      '; `Retry-After` is then 1 and the `RateLimit-*` fields describe the budget',
  });

  const closed = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of OPERATIONS) {
      const operation = item[method];
      if (!operation) continue;
      const responses = operation.responses;
      const costly = (operation as { 'x-costly'?: { pageLimitAtLeast?: number } })['x-costly'];
      if (path.startsWith('/v1/')) {
        responses['429'] ??= costly ? costlyLimited(costly) : rateLimited;
      }
      responses['4XX'] ??= { description: 'Problem details (RFC 9457)' };
      responses['5XX'] ??= { description: 'Problem details (RFC 9457)' };
      for (const [status, response] of Object.entries(responses)) {
        if (!/^[45]/.test(status) || !response || !('description' in response)) continue;
        if (response.content) continue;
        const codes =
          status === '4XX' ? clientCodes : status === '5XX' ? serverCodes : codesOf(Number(status));
        response.content = problemContent(codes);
      }
      // A parameter is absent or a string; `null` (which the rules let through) is a body thing.
      for (const parameter of operation.parameters ?? []) {
        if ('schema' in parameter && parameter.schema && 'nullable' in parameter.schema) {
          delete parameter.schema.nullable;
        }
      }
      const body = operation.requestBody;
      if (body && !('$ref' in body)) {
        body.required = true;
        for (const media of Object.values(body.content)) {
          const name = refName(media.schema);
          if (name) reachable(name, schemas).forEach((n) => closed.add(n));
          media.example ??= exampleOf(media.schema, schemas);
        }
      }
    }
  }
  // The validation pipe refuses unknown fields in every body, nested objects included.
  for (const name of closed) {
    const schema = schemas[name];
    if (schema && !('$ref' in schema)) schema.additionalProperties = false;
  }
  addLinks(document, schemas);

  // RFC 9457 extension members (e.g. `count`, `currentVersion`) may accompany any problem,
  // and a dependency's health detail carries whatever its indicator reports.
  for (const open of ['ProblemDetailsDto', 'HealthDetailDto']) {
    const schema = schemas[open];
    if (schema && !('$ref' in schema)) schema.additionalProperties = true;
  }
  return document;
}

/** Serves Swagger UI at `/docs` and the document at `/docs-json`. */
export function setupOpenApi(app: INestApplication, problemTypeBase: string): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app, problemTypeBase), {
    jsonDocumentUrl: 'docs-json',
  });
}

/**
 * The committed form of the document: stable two-space JSON with a final newline, so
 * regenerating an unchanged contract changes no byte and a test can compare it with the
 * served document as text.
 */
export function serializeOpenApiDocument(document: object): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
