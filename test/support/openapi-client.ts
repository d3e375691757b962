import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { InjectOptions, Response as LightResponse } from 'light-my-request';

type Json = Record<string, unknown>;

interface Operation {
  method: string;
  pattern: RegExp;
  template: string;
  responses: Record<
    string,
    {
      content?: Record<string, { schema?: Json }>;
      headers?: Record<string, { schema?: { pattern?: string } }>;
    }
  >;
}

/** Response headers that are part of the contract: an answer carrying one must document it. */
const CONTRACT_HEADERS = ['etag', 'location'];

/**
 * OpenAPI 3.0 schema → JSON Schema for Ajv: `$ref`s inlined, `nullable` turned into a `null`
 * type, and objects closed (`additionalProperties: false`) so an undocumented field in a
 * response fails the test instead of slipping through.
 */
export function toJsonSchema(
  schema: unknown,
  components: Record<string, Json>,
  depth = 0,
): unknown {
  if (depth > 20 || typeof schema !== 'object' || schema === null) return schema;
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, components, depth + 1));
  const source = schema as Json;
  if (typeof source.$ref === 'string') {
    const name = source.$ref.replace('#/components/schemas/', '');
    return toJsonSchema(components[name], components, depth + 1);
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'example' || key === 'nullable') continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Json).map(([k, v]) => [k, toJsonSchema(v, components, depth + 1)]),
      );
    } else if (
      key === 'items' ||
      key === 'additionalProperties' ||
      key === 'allOf' ||
      key === 'oneOf' ||
      key === 'anyOf'
    ) {
      out[key] = toJsonSchema(value, components, depth + 1);
    } else {
      out[key] = value;
    }
  }
  if (source.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
  }
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

/**
 * Sends requests to an in-process app and checks every response body against the OpenAPI
 * document the same app serves: a response that drifts from its documentation fails the test.
 */
export class OpenApiClient {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private operations: Operation[] = [];
  private components: Record<string, Json> = {};
  /** Operations exercised so far, as `METHOD template status`. */
  readonly seen = new Set<string>();

  constructor(private readonly app: NestFastifyApplication) {
    addFormats(this.ajv);
  }

  async load(): Promise<void> {
    const doc = (await this.app.inject({ method: 'GET', url: '/docs-json' })).json<{
      paths: Record<string, Record<string, Operation['responses'] | Json>>;
      components: { schemas: Record<string, Json> };
    }>();
    this.components = doc.components.schemas;
    this.operations = Object.entries(doc.paths).flatMap(([template, item]) =>
      Object.entries(item).map(([method, op]) => ({
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
        responses: (op as { responses: Operation['responses'] }).responses,
      })),
    );
  }

  /**
   * A fetch for `createScoutClient({ fetch })` answered by the in-process app, every answer
   * checked like {@link request}'s: suites call Scout through the typed SDK without a port and
   * still fail on an answer the document does not describe.
   */
  readonly fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const payload = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const answer = await this.request({
      // light-my-request's method type is a union of literals; fetch's is any string.
      method: request.method as 'GET',
      url: url.pathname + url.search,
      headers: Object.fromEntries(request.headers),
      ...(payload ? { payload } : {}),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      for (const one of [value ?? []].flat()) headers.append(name, String(one));
    }
    const empty = answer.statusCode === 204 || answer.statusCode === 304;
    return new Response(empty ? null : answer.rawPayload, { status: answer.statusCode, headers });
  };

  async request(options: InjectOptions & { method: string; url: string }): Promise<LightResponse> {
    const response = await this.app.inject(options);
    this.check(options.method, options.url, response);
    return response;
  }

  private check(method: string, url: string, response: LightResponse): void {
    const path = url.split('?')[0];
    const candidates = this.operations.filter(
      (op) => op.method === method && op.pattern.test(path),
    );
    // Prefer a literal path over a templated one (`/v1/profiles/batch` over `/v1/profiles/{id}`).
    const operation = candidates.sort(
      (a, b) => a.template.split('{').length - b.template.split('{').length,
    )[0];
    if (!operation) throw new Error(`${method} ${path} is not documented`);
    const status = String(response.statusCode);
    const documented =
      operation.responses[status] ??
      operation.responses[`${status[0]}XX`] ??
      operation.responses.default;
    if (!documented)
      throw new Error(`${method} ${operation.template} → ${status} is not documented`);
    this.seen.add(`${method} ${operation.template} ${status}`);
    const headers = Object.fromEntries(
      Object.entries(documented.headers ?? {}).map(([name, header]) => [
        name.toLowerCase(),
        header,
      ]),
    );
    for (const name of CONTRACT_HEADERS) {
      const value = response.headers[name];
      if (value === undefined) continue;
      const pattern = headers[name]?.schema?.pattern;
      if (!headers[name]) {
        throw new Error(`${method} ${operation.template} → ${status}: ${name} is not documented`);
      }
      if (pattern !== undefined && !new RegExp(pattern).test(String(value))) {
        throw new Error(
          `${method} ${operation.template} → ${status}: ${name} ${String(value)} does not match its schema`,
        );
      }
    }
    const contentType = String(response.headers['content-type'] ?? '').split(';')[0];
    if (!documented.content) {
      if (response.body.length > 0)
        throw new Error(`${method} ${operation.template} → ${status}: undocumented body`);
      return;
    }
    const media = documented.content[contentType];
    if (!media?.schema) {
      throw new Error(
        `${method} ${operation.template} → ${status}: ${contentType} is not documented`,
      );
    }
    const key = `${method} ${operation.template} ${status} ${contentType}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(media.schema, this.components) as Json);
      this.validators.set(key, validate);
    }
    if (!validate(response.json())) {
      throw new Error(
        `${method} ${operation.template} → ${status} does not match its schema: ${this.ajv.errorsText(validate.errors)}\n${response.body.slice(0, 500)}`,
      );
    }
  }
}
