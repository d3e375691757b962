import { type Type, ValidationPipe, type ValidationError } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError, type FieldError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-codes';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [code, message] of Object.entries(error.constraints ?? {})) {
      out.push({ field, message, code });
    }
    if (error.children?.length) out.push(...flatten(error.children, field));
  }
  return out;
}

const VALIDATOR_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  validationError: { target: false, value: false },
} as const;

/** Outcome of validating one item against a DTO class. */
export type ItemValidation<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/**
 * Validates one item of a batch with exactly the rules the pipe applies to whole bodies, so a
 * batch item and a single request are judged alike; failures are returned, not thrown.
 */
export async function validateItem<T extends object>(
  type: Type<T>,
  plain: unknown,
): Promise<ItemValidation<T>> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { ok: false, errors: [{ field: '', message: 'must be an object', code: 'isObject' }] };
  }
  const value = plainToInstance(type, plain);
  const errors = flatten(await validate(value, VALIDATOR_OPTIONS));
  return errors.length === 0 ? { ok: true, value } : { ok: false, errors };
}

/**
 * The one validation pipe: strips nothing silently (unknown fields are an error), converts
 * query strings to declared types, and reports every failed rule as a field error.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(errors);
      const n = new Set(fieldErrors.map((e) => e.field)).size;
      return new DomainError(
        ErrorCode.ValidationFailed,
        `The request has ${n} invalid field${n === 1 ? '' : 's'}.`,
        { errors: fieldErrors },
      );
    },
  });
}
