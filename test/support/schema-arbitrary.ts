import fc, { type Arbitrary } from 'fast-check';
import { findForbiddenKey } from '@scout/common';

type Json = Record<string, unknown>;

/** Generated arrays stay short: long ones add time, not coverage. */
const MAX_GENERATED_ITEMS = 3;
/** Generated free text stays short for the same reason (bounds are still honoured). */
const MAX_GENERATED_LENGTH = 24;

/**
 * fast-check arbitraries for the values an OpenAPI 3.0 schema accepts: the subset of JSON
 * Schema Scout's document uses (`$ref`, `type`, `enum`, `pattern`, `format`, lengths, bounds,
 * `items`, `properties`/`required`, `nullable`, `additionalProperties: false`). Every value
 * generated is valid by the schema; the fuzzer relies on that.
 */
export class SchemaArbitraries {
  /**
   * @param existing values the running system holds for a schema (ids of resources that
   *   exist), drawn besides generated ones; undefined where the schema alone decides.
   */
  constructor(
    private readonly schemas: Record<string, Json>,
    private readonly existing: (schema: Json) => readonly string[] | undefined = () => undefined,
  ) {}

  of(schema: Json | undefined, depth = 0): Arbitrary<unknown> {
    if (!schema || depth > 8) return fc.constant(undefined);
    if (typeof schema.$ref === 'string') {
      return this.of(this.schemas[schema.$ref.replace('#/components/schemas/', '')], depth + 1);
    }
    if (Array.isArray(schema.allOf) && schema.allOf.length === 1) {
      const only = this.of(schema.allOf[0] as Json, depth + 1);
      return schema.nullable === true
        ? fc.oneof({ weight: 4, arbitrary: only }, fc.constant(null))
        : only;
    }
    const generated = this.base(schema, depth);
    const existing = this.existing(schema);
    // Read when a value is drawn, not when the arbitrary is built: the list grows as tests run.
    const base = existing
      ? fc
          .oneof(
            { weight: 3, arbitrary: fc.tuple(fc.nat(), generated) },
            { weight: 1, arbitrary: fc.tuple(fc.constant(-1), generated) },
          )
          .map(([pick, value]) =>
            pick >= 0 && existing.length > 0 ? existing[pick % existing.length] : value,
          )
      : generated;
    return schema.nullable === true
      ? fc.oneof({ weight: 4, arbitrary: base }, fc.constant(null))
      : base;
  }

  private base(schema: Json, depth: number): Arbitrary<unknown> {
    if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
    switch (schema.type) {
      case 'integer':
        return fc.integer({
          min: (schema.minimum as number | undefined) ?? -1_000_000,
          max: (schema.maximum as number | undefined) ?? 1_000_000,
        });
      case 'number':
        return fc.double({
          min: (schema.minimum as number | undefined) ?? -1e6,
          max: (schema.maximum as number | undefined) ?? 1e6,
          noNaN: true,
        });
      case 'boolean':
        return fc.boolean();
      case 'string':
        return this.string(schema);
      case 'array':
        return fc.array(this.of(schema.items as Json | undefined, depth + 1), {
          minLength: (schema.minItems as number | undefined) ?? 0,
          maxLength: Math.min(
            (schema.maxItems as number | undefined) ?? MAX_GENERATED_ITEMS,
            Math.max(MAX_GENERATED_ITEMS, (schema.minItems as number | undefined) ?? 0),
          ),
        });
      case 'object':
        return this.object(schema, depth);
      default:
        // `{}`: any JSON value without the keys every body refuses (`$…`, `a.b`: INVALID_KEY,
        // stated in the document's description since OpenAPI 3.0 has no `propertyNames`).
        return schema.properties
          ? this.object(schema, depth)
          : fc.jsonValue({ maxDepth: 2 }).filter((value) => findForbiddenKey(value) === undefined);
    }
  }

  private string(schema: Json): Arbitrary<string> {
    const minLength = (schema.minLength as number | undefined) ?? 0;
    const maxLength = (schema.maxLength as number | undefined) ?? Number.MAX_SAFE_INTEGER;
    const fits = (s: string): boolean => s.length >= minLength && s.length <= maxLength;
    if (schema.format === 'date-time') {
      return fc
        .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString());
    }
    if (typeof schema.pattern === 'string') {
      return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
    }
    return fc.string({
      unit: 'grapheme',
      minLength,
      maxLength: Math.min(maxLength, Math.max(minLength, MAX_GENERATED_LENGTH)),
    });
  }

  private object(schema: Json, depth: number): Arbitrary<Json> {
    const properties = (schema.properties ?? {}) as Record<string, Json>;
    const required = new Set((schema.required as string[] | undefined) ?? []);
    const model = Object.fromEntries(
      Object.entries(properties).map(([key, value]) => [key, this.of(value, depth + 1)]),
    );
    return fc.record(model, { requiredKeys: [...required].filter((k) => k in properties) });
  }
}
