import { ValidationPipe, type ValidationError } from '@nestjs/common';
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

/**
 * The one validation pipe: strips nothing silently (unknown fields are an error), converts
 * query strings to declared types, and reports every failed rule as a field error.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
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
