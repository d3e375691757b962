import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { getMetadataStorage, isISO31661Alpha2, ValidateIf, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Schema = Record<string, unknown>;

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Every upper-case code `@IsISO31661Alpha2()` accepts, asked of the validator itself. */
const ISO_ALPHA2 = [...LETTERS]
  .flatMap((a) => [...LETTERS].map((b) => a + b))
  .filter((code) => isISO31661Alpha2(code));

/**
 * A field that may be left out but, when present, must pass its rules: unlike `@IsOptional()`,
 * `null` is refused. For fields a client may skip in a change but never clear.
 */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

/**
 * What one class-validator rule says in JSON Schema. A rule with no exact JSON Schema form
 * (`@IsUrl`, `@IsEmail`…) adds nothing, which the spec-driven fuzzer then finds: DTOs use one
 * that has a form (`@Matches`) instead.
 */
function ruleSchema(rule: ValidationMetadata): Schema {
  const c: unknown[] = rule.constraints ?? [];
  switch (rule.name) {
    case 'isString':
      return { type: 'string' };
    case 'isInt':
      return { type: 'integer' };
    case 'isNumber':
      return { type: 'number' };
    case 'isBoolean':
      return { type: 'boolean' };
    case 'min':
      return { minimum: c[0] };
    case 'max':
      return { maximum: c[0] };
    case 'minLength':
      return { minLength: c[0] };
    case 'maxLength':
      return { maxLength: c[0] };
    case 'isLength':
      return { minLength: c[0], ...(c[1] === undefined ? {} : { maxLength: c[1] }) };
    case 'isNotEmpty':
      return { minLength: 1 };
    case 'matches':
      return { type: 'string', pattern: (c[0] as RegExp).source };
    case 'isIn':
      return { enum: c[0] };
    case 'isISO31661Alpha2':
      return { type: 'string', enum: ISO_ALPHA2 };
    case 'isDate':
      return { type: 'string', format: 'date-time' };
    case 'arrayMinSize':
      return { minItems: c[0] };
    case 'arrayMaxSize':
      return { maxItems: c[0] };
    default:
      return {};
  }
}

/** The schema of one property, derived from its rules alone. */
function propertySchema(rules: ValidationMetadata[]): ApiPropertyOptions {
  const own: Schema = {};
  const items: Schema = {};
  let optional = false;
  let nullable = false;
  let nested = false;
  for (const rule of rules) {
    nested ||= rule.type === ValidationTypes.NESTED_VALIDATION;
    if (rule.type === ValidationTypes.CONDITIONAL_VALIDATION) {
      optional = true;
      nullable ||= rule.name === 'isOptional';
      continue;
    }
    if (rule.type !== ValidationTypes.CUSTOM_VALIDATION) continue;
    Object.assign(rule.each ? items : own, ruleSchema(rule));
  }
  const derived: Schema = { ...own, required: !optional };
  // `@IsOptional()` lets `null` through as well as a missing field; `@IsOmittable()` does not.
  // A nested object is nullable too (`@nestjs/swagger` writes it as `allOf` of its `$ref`).
  if (nullable && (typeof own.type === 'string' || nested)) derived.nullable = true;
  if (Object.keys(items).length > 0) {
    derived.type = 'array';
    derived.isArray = false;
    derived.items = items;
  }
  return derived;
}

/**
 * Makes the class-validator rules of every DTO the source of its OpenAPI schema: types
 * (integer, not number), bounds, lengths, patterns, enums, formats, item counts and `required`
 * are written into the Swagger metadata from the very decorators the validation pipe runs, so
 * the document cannot be looser or stricter than the server. Rules win over whatever an
 * `@ApiProperty` says; `@ApiProperty` keeps descriptions and examples. Idempotent, so each
 * document build applies it again and covers every class loaded by then.
 */
export function applyValidationContract(): void {
  // class-validator keeps its rules in a private map keyed by class; no public call lists the
  // classes, and each one is needed here (version pinned in package.json).
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<Function, ValidationMetadata[]>; // eslint-disable-line @typescript-eslint/no-unsafe-function-type -- class-validator's own key type
  };
  for (const [target, rules] of storage.validationMetadatas) {
    if (typeof target !== 'function') continue;
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const rule of rules) {
      byProperty.set(rule.propertyName, [...(byProperty.get(rule.propertyName) ?? []), rule]);
    }
    for (const [property, propertyRules] of byProperty) {
      ApiProperty(propertySchema(propertyRules))(target.prototype as object, property);
    }
  }
}
