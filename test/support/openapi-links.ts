import type { DocumentOperation, OpenApiRequests } from './openapi-requests';

/** One link of a producing response, resolved to the operation it leads to. */
export interface ResolvedLink {
  name: string;
  target: DocumentOperation;
  /** Runtime expressions by parameter name, e.g. `{ id: '$response.body#/id' }`. */
  parameters: Record<string, string>;
}

/**
 * An operation whose response links to others — `POST /v1/profiles` → 201 → get, update,
 * delete — that is, one resource family's chain as the document states it.
 */
export interface LinkFamily {
  producer: DocumentOperation;
  /** The response status that carries the links. */
  status: number;
  links: ResolvedLink[];
}

/** What a runtime expression reads from: the answer the link starts from. */
export interface LinkSource {
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

/** Every chain of the document: each response with `links`, resolved to its operations. */
export function linkFamilies(requests: OpenApiRequests): LinkFamily[] {
  return requests.operations.flatMap((producer) =>
    Object.entries(producer.operation.responses)
      .filter(([, response]) => response.links !== undefined)
      .map(([status, response]) => ({
        producer,
        status: Number(status),
        links: Object.entries(response.links ?? {}).map(([name, link]) => {
          for (const expression of Object.values(link.parameters)) evaluate(expression, undefined);
          return {
            name,
            target: requests.byOperationId(link.operationId),
            parameters: link.parameters,
          };
        }),
      })),
  );
}

/**
 * The value of an OpenAPI runtime expression (`$response.body#/json/pointer`,
 * `$response.header.Name`) in an answer; undefined when the answer lacks it. Without a source
 * it only checks that the expression is one this reader understands, so an unsupported link
 * fails at load instead of silently never running.
 */
export function evaluate(expression: string, source: LinkSource | undefined): string | undefined {
  const body = /^\$response\.body#(\/.*)?$/.exec(expression);
  const header = /^\$response\.header\.([A-Za-z0-9-]+)$/.exec(expression);
  if (!body && !header) throw new Error(`unsupported link expression ${expression}`);
  if (!source) return undefined;
  if (header) {
    const value = source.headers[header[1].toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  }
  let node: unknown = source.body;
  for (const token of (body![1] ?? '').split('/').slice(1)) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'string' || typeof node === 'number' ? String(node) : undefined;
}

/** The values a link gives its target's parameters, or undefined when the answer lacks one. */
export function linkValues(
  link: ResolvedLink,
  source: LinkSource,
): Record<string, string> | undefined {
  const values: Record<string, string> = {};
  for (const [name, expression] of Object.entries(link.parameters)) {
    const value = evaluate(expression, source);
    if (value === undefined) return undefined;
    values[name] = value;
  }
  return values;
}
