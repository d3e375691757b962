import { Error as MongooseError, type Schema, type SchemaType } from 'mongoose';

/** Checks a plain document against a schema's rules: the errors, or null when it passes. */
export type DocumentValidator = (doc: object) => MongooseError.ValidationError | null;

interface Rule {
  validator: unknown;
  message?: unknown;
  type?: string;
  [property: string]: unknown;
}

/** One path of a schema, with its rules and, for nested schemas, the compiled children. */
interface CompiledPath {
  path: string;
  key: string;
  rules: Rule[];
  nested?: CompiledPath[];
  /** Document arrays: each element checked against `nested`; plain arrays: against `element`. */
  each?: 'documents' | 'values';
  element?: Rule[];
}

function rulesOf(type: SchemaType | undefined): Rule[] {
  return ((type?.validators ?? []) as unknown as Rule[]).filter(
    (rule) => typeof rule === 'object' && rule !== null,
  );
}

function compilePaths(schema: Schema): CompiledPath[] {
  const compiled: CompiledPath[] = [];
  schema.eachPath((path, type) => {
    const shape = type as SchemaType & {
      $isSingleNested?: boolean;
      $isMongooseDocumentArray?: boolean;
      $isMongooseArray?: boolean;
      schema?: Schema;
      embeddedSchemaType?: SchemaType;
    };
    const entry: CompiledPath = { path, key: path, rules: rulesOf(type) };
    if (shape.$isSingleNested && shape.schema) entry.nested = compilePaths(shape.schema);
    else if (shape.$isMongooseDocumentArray && shape.schema) {
      entry.each = 'documents';
      entry.nested = compilePaths(shape.schema);
    } else if (shape.$isMongooseArray) {
      entry.each = 'values';
      entry.element = rulesOf(shape.embeddedSchemaType);
    }
    if (entry.rules.length > 0 || entry.nested || entry.element?.length) compiled.push(entry);
  });
  return compiled;
}

function valueAt(doc: object, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Mirrors Mongoose's SchemaType#doValidate for synchronous rules; a promise is a bug here. */
function firstFailure(
  rules: Rule[],
  value: unknown,
  path: string,
): MongooseError.ValidatorError | undefined {
  for (const rule of rules) {
    const { validator } = rule;
    const required = rule.type === 'required';
    if (value === undefined && !required) continue;
    let ok: unknown;
    const properties: Record<string, unknown> = { ...rule, path, value };
    if (typeof value === 'string') properties.length = value.length;
    if (validator instanceof RegExp) ok = validator.test(String(value));
    else if (typeof validator === 'function') {
      try {
        ok = rule.propsParameter
          ? (validator as (v: unknown, p: unknown) => unknown)(value, properties)
          : (validator as (v: unknown) => unknown)(value);
      } catch (error) {
        ok = false;
        properties.reason = error;
        if (error instanceof Error) properties.message = error.message;
      }
    } else continue;
    if (typeof (ok as Promise<unknown> | undefined)?.then === 'function') {
      throw new Error(`the rule on ${path} is asynchronous; it cannot be compiled`);
    }
    if (ok !== undefined && !ok) {
      return new MongooseError.ValidatorError(properties);
    }
  }
  return undefined;
}

function check(paths: CompiledPath[], doc: object, prefix: string, errors: Map<string, Error>) {
  for (const entry of paths) {
    const value = valueAt(doc, entry.key);
    const path = prefix + entry.path;
    const failure = firstFailure(entry.rules, value, path);
    if (failure) {
      errors.set(path, failure);
      continue;
    }
    if (value === undefined || value === null) continue;
    if (entry.each === 'documents' && Array.isArray(value) && entry.nested) {
      value.forEach((item: unknown, i) => {
        if (item && typeof item === 'object') check(entry.nested!, item, `${path}.${i}.`, errors);
      });
    } else if (entry.each === 'values' && Array.isArray(value) && entry.element?.length) {
      value.forEach((item, i) => {
        const elementFailure = firstFailure(entry.element!, item, `${path}.${i}`);
        if (elementFailure) errors.set(`${path}.${i}`, elementFailure);
      });
    } else if (entry.nested && typeof value === 'object') {
      check(entry.nested, value, `${path}.`, errors);
    }
  }
}

/**
 * Compiles a schema's rules (required, lengths, patterns, enums, bounds, custom validators, in
 * nested documents and arrays too) into one function over plain objects. A batch write checks
 * every item against the very rules a Mongoose document would, without building one per item:
 * compiled once per model, it costs microseconds per document.
 */
export function compileValidator(schema: Schema): DocumentValidator {
  const paths = compilePaths(schema);
  return (doc) => {
    const errors = new Map<string, Error>();
    check(paths, doc, '', errors);
    if (errors.size === 0) return null;
    const error = new MongooseError.ValidationError();
    for (const [path, failure] of errors) {
      error.addError(path, failure as MongooseError.ValidatorError);
    }
    return error;
  };
}
