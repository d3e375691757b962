import { EVENT_TYPES } from '@scout/events';
import fc, { type Arbitrary } from 'fast-check';
import { SchemaArbitraries } from './schema-arbitrary';

type Json = Record<string, unknown>;

/** A parameter of an operation, as the committed document states it. */
export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Json;
}

/** A link of a response: the operation it leads to and how to fill that operation's parameters. */
export interface DocumentLink {
  operationId: string;
  /** Runtime expressions by parameter name, e.g. `{ id: '$response.body#/id' }`. */
  parameters: Record<string, string>;
}

/** A response of an operation, as the committed document states it. */
export interface DocumentResponse {
  content?: Record<string, { schema?: Json }>;
  links?: Record<string, DocumentLink>;
}

/** An operation of the committed document. */
export interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Json }> };
  responses: Record<string, DocumentResponse>;
}

/** The parts of the committed OpenAPI document the fuzzers read. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json> };
}

/** One operation with where it lives. */
export interface DocumentOperation {
  method: string;
  path: string;
  operation: Operation;
}

/** A request as the fuzzers send it: the path already filled in, parameters as text. */
export interface FuzzRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: unknown;
  /** What was done to make it invalid (schema-invalid requests only). */
  mutation?: string;
}

type Mutation = (request: FuzzRequest, pick: number) => FuzzRequest | undefined;

/** The JSON body schema of an operation, if it takes one. */
export function bodySchema(operation: Operation): Json | undefined {
  return operation.requestBody?.content['application/json']?.schema;
}

/** `path?query` of a request. */
export function urlOf(request: FuzzRequest): string {
  const query = new URLSearchParams(request.query).toString();
  return query ? `${request.path}?${query}` : request.path;
}

/**
 * Builds schema-valid and schema-invalid requests for the operations of Scout's committed
 * OpenAPI document, so the fuzzers test the contract as published rather than as the code
 * believes it to be. Values only the running system can make good are drawn from it: ids of
 * existing resources (`known`, per collection; optionally also for body fields described as a
 * company id or publicId), scrape targets as a publicId or a URL on the
 * configured site; no cursor is generated, since only a previous page issues one.
 */
export class OpenApiRequests {
  private readonly arbitraries: SchemaArbitraries;
  /** Every GET, POST, PATCH and DELETE operation of the document. */
  readonly operations: DocumentOperation[];

  /**
   * @param references whether body fields the document describes as a company id or publicId
   *   draw the known companies too (so creations succeed more often, at the cost of more work
   *   per request); path ids always do.
   */
  constructor(
    private readonly document: OpenApiDocument,
    private readonly known: Record<string, string[]>,
    references = false,
  ) {
    this.arbitraries = new SchemaArbitraries(document.components.schemas, (schema) =>
      references &&
      typeof schema.description === 'string' &&
      /^Company id or publicId/.test(schema.description)
        ? known.companies
        : undefined,
    );
    this.operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => ['get', 'post', 'patch', 'delete'].includes(method))
        .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
    );
  }

  /** The operation the document names `operationId`; a link to a missing one is a document bug. */
  byOperationId(operationId: string): DocumentOperation {
    const found = this.operations.find((op) => op.operation.operationId === operationId);
    if (!found) throw new Error(`no operation ${operationId} in the document`);
    return found;
  }

  /** A schema referenced by `$ref`, or the schema itself. */
  resolve(schema: Json | undefined): Json | undefined {
    const ref = schema?.$ref;
    return typeof ref === 'string'
      ? this.document.components.schemas[ref.replace('#/components/schemas/', '')]
      : schema;
  }

  /**
   * Schema-valid requests for one operation. Path parameters named in `open` stay as their
   * `{name}` template, for the caller to fill in from state it holds (a created resource).
   */
  valid(target: DocumentOperation, open: ReadonlySet<string> = new Set()): Arbitrary<FuzzRequest> {
    const { method, path, operation } = target;
    const parameters = (operation.parameters ?? []).filter(
      (p) => p.name !== 'cursor' && !(p.in === 'path' && open.has(p.name)),
    );
    const values = fc.record(
      Object.fromEntries(
        parameters.map((p) => [`${p.in}:${p.name}`, this.parameterArbitrary(path, p)]),
      ),
      { requiredKeys: parameters.filter((p) => p.required).map((p) => `${p.in}:${p.name}`) },
    );
    return fc.tuple(values, this.body(path, operation)).map(([vals, payload]) => {
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

  /** Requests that break one rule of the document each; undefined when none applies. */
  invalid(
    target: DocumentOperation,
    open: ReadonlySet<string> = new Set(),
  ): Arbitrary<FuzzRequest> | undefined {
    const applicable = Object.entries(this.mutations())
      .map(([name, make]) => [name, make(target.operation)] as const)
      .filter((entry): entry is readonly [string, Mutation] => entry[1] !== undefined);
    if (applicable.length === 0) return undefined;
    return fc
      .tuple(this.valid(target, open), fc.constantFrom(...applicable), fc.nat())
      .map(([request, [name, mutate], pick]) => ({ ...mutate(request, pick)!, mutation: name }));
  }

  /**
   * Ids of existing resources are drawn for `{id}` only: other path parameters (a history
   * version, a delivery id) are generated from their schema.
   */
  private parameterArbitrary(path: string, parameter: Parameter): Arbitrary<unknown> {
    if (parameter.in === 'path' && parameter.name === 'id') {
      const collection = path.split('/')[2];
      const generated = this.arbitraries.of(parameter.schema);
      const existing = this.known[collection] ?? [];
      return existing.length > 0 ? fc.oneof(fc.constantFrom(...existing), generated) : generated;
    }
    return this.arbitraries.of(parameter.schema);
  }

  private body(path: string, operation: Operation): Arbitrary<unknown> {
    const schema = bodySchema(operation);
    if (!schema) return fc.constant(undefined);
    // A scrape target is a publicId or a profile URL on the configured site (the test site).
    const target = fc.oneof(
      fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,30}$/),
      fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,30}$/).map((id) => `http://127.0.0.1:9/in/${id}`),
    );
    // A webhook target is on a host the configuration allowlists: public names do not resolve here.
    const webhook = {
      url: fc.stringMatching(/^[a-z0-9/-]{0,20}$/).map((tail) => `http://127.0.0.1:9/${tail}`),
      eventTypes: fc.subarray([...EVENT_TYPES], { minLength: 1 }),
      enabled: fc.boolean(),
    };
    if (path === '/v1/webhooks') return fc.record(webhook, { requiredKeys: ['url', 'eventTypes'] });
    if (path === '/v1/webhooks/{id}') return fc.record(webhook, { requiredKeys: [] });
    if (path === '/v1/scrape-jobs') {
      return fc.record(
        { profile: target, priority: fc.constantFrom('high', 'normal', 'low') },
        { requiredKeys: ['profile'] },
      );
    }
    if (path === '/v1/scrape-jobs/batch') {
      return fc.record({ profiles: fc.array(target, { minLength: 1, maxLength: 3 }) });
    }
    return this.arbitraries.of(schema);
  }

  /** Ways to break one rule of the document; each answers undefined where it does not apply. */
  private mutations(): Record<string, (operation: Operation) => Mutation | undefined> {
    const properties = (op: Operation): Record<string, Json> =>
      (this.resolve(bodySchema(op))?.properties as Record<string, Json> | undefined) ?? {};
    return {
      unknownBodyField: (op) =>
        bodySchema(op) ? (r) => ({ ...r, body: { ...(r.body as Json), zzUnknown: 1 } }) : undefined,
      missingBody: (op) => (bodySchema(op) ? (r) => ({ ...r, body: undefined }) : undefined),
      notAnObjectBody: (op) => (bodySchema(op) ? (r) => ({ ...r, body: [r.body] }) : undefined),
      dropRequired: (op) => {
        const required = (this.resolve(bodySchema(op))?.required as string[] | undefined) ?? [];
        if (required.length === 0) return undefined;
        return (r, pick) => {
          const body = { ...(r.body as Json) };
          delete body[required[pick % required.length]];
          return { ...r, body };
        };
      },
      wrongType: (op) => {
        const names = Object.keys(properties(op));
        if (names.length === 0) return undefined;
        return (r, pick) => {
          const key = names[pick % names.length];
          const schema = this.resolve(properties(op)[key]) as Json;
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
          ? (r, pick) => ({
              ...r,
              query: { ...r.query, limit: ['0', '101', '5.5', 'ten'][pick % 4] },
            })
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
        return (r, pick) => ({
          ...r,
          query: { ...r.query, [names[pick % names.length].name]: '' },
        });
      },
      badHeader: (op) => {
        const headers = (op.parameters ?? []).filter((p) => p.in === 'header');
        if (headers.length === 0) return undefined;
        return (r, pick) => ({
          ...r,
          headers: {
            ...r.headers,
            [headers[pick % headers.length].name.toLowerCase()]: 'bad value!',
          },
        });
      },
    };
  }
}
