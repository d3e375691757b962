import type { CheerioAPI } from 'cheerio';
import { type ParseBudget, type ParseLimits, pageRefused } from './parse-limits';

/** A parsed JSON-LD value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
/** A parsed JSON-LD object (a node, when it has `@type`). */
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

/** Whether a parsed value is an object (not an array or a scalar). */
export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** All values of a property, whether the page wrote one or an array. */
export function list(value: JsonValue | undefined): JsonValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Whether a JSON text nests objects and arrays deeper than `max`, by scanning its brackets
 * outside strings before it is parsed: a hostile document is refused without being built, and
 * whatever reads a parsed value later never recurses deeper than `max`.
 */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) {
        i += 1; // a backslash escapes the next character
      } else if (code === 0x22) {
        inString = false;
      }
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) {
      depth += 1;
      if (depth > max) return true;
    } else if (code === 0x5d || code === 0x7d) {
      depth -= 1;
    }
  }
  return false;
}

/** How many values (objects, arrays, scalars) a parsed document holds, counting at most `max + 1`. */
function countValues(root: JsonValue, max: number): number {
  let count = 0;
  const pending: JsonValue[] = [root];
  while (pending.length > 0 && count <= max) {
    const value = pending.pop() as JsonValue;
    count += 1;
    const children = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [];
    for (const child of children) if (child !== undefined) pending.push(child);
  }
  return count;
}

/**
 * Every JSON-LD node of the page: top-level values, `@graph` members and inline main entities.
 * Refuses the page (PARSE_ERROR) when it holds more scripts, deeper nesting or more values than
 * `limits` allow, and checks the parse budget after each script.
 */
export function readNodes($: CheerioAPI, limits: ParseLimits, budget: ParseBudget): JsonObject[] {
  const nodes: JsonObject[] = [];
  const visit = (value: JsonValue | undefined, depth: number): void => {
    if (depth > 4) return;
    for (const item of list(value)) {
      if (!isObject(item)) continue;
      if (item['@type'] !== undefined) nodes.push(item);
      visit(item['@graph'], depth + 1);
      if (isObject(item.mainEntity) && item.mainEntity['@type'] !== undefined) {
        visit(item.mainEntity, depth + 1);
      }
    }
  };
  const scripts = $('script')
    .toArray()
    .filter((element) => {
      const type = ($(element).attr('type') ?? '').split(';')[0].trim().toLowerCase();
      return type === 'application/ld+json';
    });
  if (scripts.length > limits.jsonLdMaxBlocks) {
    throw pageRefused(`more than ${limits.jsonLdMaxBlocks} JSON-LD scripts`);
  }
  let values = 0;
  for (const element of scripts) {
    const text = $(element)
      .text()
      .trim()
      .replace(/^<!--|-->$/g, '')
      .replace(/^<!\[CDATA\[|\]\]>$/g, '');
    if (nestsDeeperThan(text, limits.jsonLdMaxDepth)) {
      throw pageRefused(`JSON-LD nested deeper than ${limits.jsonLdMaxDepth} levels`);
    }
    let document: JsonValue;
    try {
      document = JSON.parse(text) as JsonValue;
    } catch {
      // One broken script does not spoil the others; the HTML fallback may still find the data.
      continue;
    }
    values += countValues(document, limits.jsonLdMaxNodes - values);
    if (values > limits.jsonLdMaxNodes) {
      throw pageRefused(`JSON-LD holds more than ${limits.jsonLdMaxNodes} values`);
    }
    budget.check('JSON-LD scripts');
    visit(document, 0);
  }
  return nodes;
}
