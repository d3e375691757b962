import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  PROFILE_FIELDS,
  PROFILE_SOURCES,
  type ProfileField,
  type ProfileFieldKind,
  type ProfileFieldSpec,
  RULES,
} from '@scout/profiles';
import { HttpUrlRules, RESOURCE_REF } from '../shared/formats';

/** Message of a company reference that is neither form of id. */
export const COMPANY_REF_MESSAGE = '$property must be a company id or publicId';

/** The class a nested field (a location, one experience or school) is validated as. */
type NestedDto = () => abstract new () => object;

/** Decorators as they are written above a property, top to bottom. */
function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  // Written decorators apply bottom-up; keep that order, and with it the order of the rules.
  return applyDecorators(...decorators.reverse());
}

function nestedList(spec: ProfileFieldSpec, nested: NestedDto): PropertyDecorator {
  return stacked(
    IsOptional(),
    IsArray(),
    ArrayMaxSize(spec.maxItems!),
    ValidateNested({ each: true }),
    Type(nested),
  );
}

/** The request rules of each kind of content field, from its bounds. */
const RULES_OF: {
  [K in ProfileFieldKind]: (spec: ProfileFieldSpec, nested: NestedDto) => PropertyDecorator;
} = {
  publicId: () =>
    Matches(RULES.publicId, {
      message:
        'publicId must be 3-100 characters of a-z, 0-9 and -, starting with a letter or digit',
    }),
  url: () => stacked(IsOptional(), HttpUrlRules()),
  text: (spec) =>
    spec.required
      ? applyDecorators(IsString(), Length(spec.min ?? 0, spec.max))
      : stacked(IsOptional(), IsString(), MaxLength(spec.max!)),
  location: (_, nested) => stacked(IsOptional(), ValidateNested(), Type(nested)),
  companyRef: () => stacked(IsOptional(), Matches(RESOURCE_REF, { message: COMPANY_REF_MESSAGE })),
  experiences: nestedList,
  education: nestedList,
  skills: (spec) =>
    stacked(
      IsOptional(),
      IsArray(),
      ArrayMaxSize(spec.maxItems!),
      IsString({ each: true }),
      MaxLength(spec.maxLength!, { each: true }),
    ),
  source: () => stacked(IsOptional(), IsIn(PROFILE_SOURCES)),
};

/**
 * The validation rules of a profile content field, derived from its declaration in
 * `PROFILE_FIELDS`, so the API refuses what the schema would; the OpenAPI document states them.
 * A nested field names the DTO its items are validated as.
 */
export function ProfileFieldRules(field: ProfileField, nested?: NestedDto): PropertyDecorator {
  const spec: ProfileFieldSpec = PROFILE_FIELDS[field];
  const needsNested = ['location', 'experiences', 'education'].includes(spec.kind);
  if (needsNested && !nested) throw new TypeError(`${field} names no nested DTO`);
  return RULES_OF[spec.kind](spec, nested ?? (() => Object));
}
