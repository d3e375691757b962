import type { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { DomainError, type FieldError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-codes';
import { createValidationPipe } from './validation.pipe';

class LocationInput {
  @IsString()
  @Length(2, 2)
  country!: string;

  @IsOptional()
  @IsString()
  city?: string;
}

class ProfileInput {
  @IsString()
  @Length(1, 50)
  name!: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  age?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => LocationInput)
  location?: LocationInput;
}

class ListQuery {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit!: number;
}

class OptionalOnly {
  @IsOptional()
  @IsString()
  note?: string;
}

class IdParams {
  @Matches(/^[a-z]{3}$/, { context: { errorCode: ErrorCode.InvalidId } })
  id!: string;
}

const body = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({
  type: 'body',
  metatype,
});

const param = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({
  type: 'param',
  metatype,
});

async function rejection(
  pipe: ValidationPipe,
  value: unknown,
  metadata: ArgumentMetadata,
): Promise<DomainError> {
  try {
    await pipe.transform(value, metadata);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the pipe to reject the value');
}

function fieldsAndCodes(errors: FieldError[] | undefined): string[] {
  return (errors ?? []).map((e) => `${e.field}:${e.code}`);
}

describe('createValidationPipe', () => {
  let pipe: ValidationPipe;

  beforeEach(() => {
    pipe = createValidationPipe();
  });

  it('turns valid input into an instance of the DTO, nested objects included', async () => {
    const result: unknown = await pipe.transform(
      { name: 'Ada', age: 36, location: { country: 'GB', city: 'London' } },
      body(ProfileInput),
    );
    expect(result).toBeInstanceOf(ProfileInput);
    const profile = result as ProfileInput;
    expect(profile.location).toBeInstanceOf(LocationInput);
    expect(profile).toEqual({ name: 'Ada', age: 36, location: { country: 'GB', city: 'London' } });
  });

  it('converts query strings to the declared types', async () => {
    const result: unknown = await pipe.transform(
      { limit: '25' },
      { type: 'query', metatype: ListQuery },
    );
    expect(result).toBeInstanceOf(ListQuery);
    expect((result as ListQuery).limit).toBe(25);
  });

  it('rejects invalid input with a VALIDATION_FAILED DomainError', async () => {
    const error = await rejection(pipe, { name: '' }, body(ProfileInput));
    expect(error.code).toBe(ErrorCode.ValidationFailed);
    expect(error.errors).toEqual([
      { field: 'name', message: expect.stringContaining('name') as string, code: 'isLength' },
    ]);
    expect(error.detail).toBe('The request has 1 invalid field.');
  });

  it('reports every failed rule as a {field, message, code} entry with nested paths', async () => {
    const error = await rejection(
      pipe,
      { name: '', age: -1, location: { country: 'Germany', city: 7 } },
      body(ProfileInput),
    );
    expect(fieldsAndCodes(error.errors).sort()).toEqual([
      'age:min',
      'location.city:isString',
      'location.country:isLength',
      'name:isLength',
    ]);
    for (const entry of error.errors ?? []) {
      expect(Object.keys(entry).sort()).toEqual(['code', 'field', 'message']);
      expect(typeof entry.message).toBe('string');
      expect(entry.message.length).toBeGreaterThan(0);
    }
    expect(error.detail).toBe('The request has 4 invalid fields.');
  });

  it('rejects a nested value that is not an object', async () => {
    const error = await rejection(pipe, { name: 'Ada', location: 'GB' }, body(ProfileInput));
    expect(fieldsAndCodes(error.errors)).toEqual(['location:nestedValidation']);
  });

  it('rejects unknown properties instead of stripping them, at any depth', async () => {
    const error = await rejection(
      pipe,
      { name: 'Ada', isAdmin: true, location: { country: 'GB', $where: '1' } },
      body(ProfileInput),
    );
    expect(fieldsAndCodes(error.errors).sort()).toEqual([
      'isAdmin:whitelistValidation',
      'location.$where:whitelistValidation',
    ]);
  });

  it('refuses a missing body on a route that declares one, even with no required field', async () => {
    for (const missing of [undefined, null]) {
      const error = await rejection(pipe, missing, body(OptionalOnly));
      expect(error.code).toBe(ErrorCode.ValidationFailed);
      expect(fieldsAndCodes(error.errors)).toEqual([':required']);
    }
  });

  it('lets a rule name its own problem code, used when every failure agrees', async () => {
    const invalid = await rejection(pipe, { id: 'NOT an id' }, param(IdParams));
    expect(invalid.code).toBe(ErrorCode.InvalidId);
    expect(fieldsAndCodes(invalid.errors)).toEqual(['id:matches']);
    const mixed = await rejection(pipe, { id: 'NOT an id', extra: 1 }, param(IdParams));
    expect(mixed.code).toBe(ErrorCode.ValidationFailed);
  });

  it('never copies the rejected value into the error', async () => {
    const secret = 'ada.lovelace@example.com-'.repeat(4);
    const error = await rejection(
      pipe,
      { name: secret, location: { country: 'secret-country' } },
      body(ProfileInput),
    );
    const shown = JSON.stringify({ detail: error.detail, errors: error.errors });
    expect(shown).not.toContain('ada.lovelace');
    expect(shown).not.toContain('secret-country');
  });

  it('counts invalid fields, not failed rules, in the detail', async () => {
    // `name: 5` breaks two rules (isString, isLength) of one field.
    const error = await rejection(pipe, { name: 5 }, body(ProfileInput));
    expect(fieldsAndCodes(error.errors).sort()).toEqual(['name:isLength', 'name:isString']);
    expect(error.detail).toBe('The request has 1 invalid field.');
  });
});
