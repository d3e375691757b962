import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { applyValidationContract, IsOmittable } from './validation-contract';

class Sample {
  @ApiProperty({ example: 3, maximum: 999 })
  @IsInt()
  @Min(1)
  @Max(100)
  count!: number;

  @IsOptional()
  @IsString()
  @Length(2, 20)
  name?: string;

  @Matches(/^[a-z]+$/)
  slug!: string;

  @IsOptional()
  @IsIn(['a', 'b'])
  kind?: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @MaxLength(8, { each: true })
  tags!: string[];

  @IsISO31661Alpha2()
  country!: string;

  @IsOmittable()
  @IsString()
  title?: string;
}

/** Where @nestjs/swagger keeps a property's schema options. */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

function schemaOf(property: keyof Sample): Record<string, unknown> {
  return Reflect.getMetadata(API_MODEL_PROPERTIES, Sample.prototype, property) as Record<
    string,
    unknown
  >;
}

describe('applyValidationContract', () => {
  beforeAll(() => applyValidationContract());

  it('turns numeric rules into an integer with bounds, the rule winning over @ApiProperty', () => {
    expect(schemaOf('count')).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 100,
      required: true,
      example: 3,
    });
  });

  it('makes @IsOptional properties optional and nullable, and keeps their lengths', () => {
    expect(schemaOf('name')).toMatchObject({
      type: 'string',
      minLength: 2,
      maxLength: 20,
      required: false,
      nullable: true,
    });
  });

  it('makes @IsOmittable properties optional but not nullable', () => {
    expect(schemaOf('title')).toMatchObject({ type: 'string', required: false });
    expect(schemaOf('title')).not.toHaveProperty('nullable');
  });

  it('documents patterns and enums', () => {
    expect(schemaOf('slug')).toMatchObject({ pattern: '^[a-z]+$', required: true });
    expect(schemaOf('kind')).toMatchObject({ enum: ['a', 'b'], required: false });
  });

  it('puts `each` rules on the items and counts on the array', () => {
    expect(schemaOf('tags')).toMatchObject({
      type: 'array',
      minItems: 1,
      maxItems: 5,
      items: { type: 'string', maxLength: 8 },
    });
  });

  it('lists exactly the country codes the validator accepts', () => {
    const codes = schemaOf('country').enum as string[];
    expect(codes).toEqual(expect.arrayContaining(['DE', 'GB', 'US']));
    expect(codes).not.toContain('XX');
    expect(codes.length).toBeGreaterThan(240);
  });
});
