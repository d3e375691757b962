import {
  type ArgumentMetadata,
  type Type,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError, type FieldError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-codes';

/** A field error plus the problem code its rule asked for (`context: { errorCode }`). */
type RuleFailure = FieldError & { errorCode?: ErrorCode };

function failures(errors: ValidationError[], parent = ''): RuleFailure[] {
  const out: RuleFailure[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [code, message] of Object.entries(error.constraints ?? {})) {
      const context = error.contexts?.[code] as { errorCode?: ErrorCode } | undefined;
      out.push({ field, message, code, errorCode: context?.errorCode });
    }
    if (error.children?.length) out.push(...failures(error.children, field));
  }
  return out;
}

function flatten(errors: ValidationError[]): FieldError[] {
  return failures(errors).map(({ field, message, code }) => ({ field, message, code }));
}

/**
 * The problem code of a failed validation: a rule may name its own (an id that is not an id
 * is `INVALID_ID`) when every failure agrees on it; otherwise `VALIDATION_FAILED`.
 */
function problemCode(failed: RuleFailure[]): ErrorCode {
  const codes = new Set(failed.map((f) => f.errorCode));
  const [only] = codes;
  return codes.size === 1 && only !== undefined ? only : ErrorCode.ValidationFailed;
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

/** The validation pipe with one rule of its own: a route that declares a body gets one. */
class ScoutValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const declaresBody =
      metadata.type === 'body' && metadata.metatype !== undefined && metadata.metatype !== Object;
    if (declaresBody && (value === undefined || value === null)) {
      throw new DomainError(ErrorCode.ValidationFailed, 'The request needs a JSON body.', {
        errors: [{ field: '', message: 'a JSON object body is required', code: 'required' }],
      });
    }
    return super.transform(value, metadata);
  }
}

/**
 * The one validation pipe: strips nothing silently (unknown fields are an error), converts
 * query strings to declared types, refuses a missing body where a route declares one, and
 * reports every failed rule as a field error.
 */
export function createValidationPipe(): ValidationPipe {
  return new ScoutValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => {
      const failed = failures(errors);
      const n = new Set(failed.map((e) => e.field)).size;
      return new DomainError(
        problemCode(failed),
        `The request has ${n} invalid field${n === 1 ? '' : 's'}.`,
        { errors: flatten(errors) },
      );
    },
  });
}
