import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsDate,
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
import { IsOmittable } from '@scout/common';
import { PROFILE_SOURCES, RULES, SCRAPE_STATUSES } from '@scout/profiles';
import { CompanySummaryDto } from '../companies/company.dto';
import { RESOURCE_REF } from '../shared/formats';
import { PageInfoDto, PageQueryDto } from '../shared/page.dto';
import { COMPANY_REF_MESSAGE, ProfileFieldRules } from './profile-field.rules';

/** Most profiles one batch may carry; more is 413 `BATCH_TOO_LARGE`. */
export const MAX_BATCH_SIZE = 1_000;

const YEAR_MONTH_MESSAGE = '$property must be YYYY or YYYY-MM';

/** Where a person is. */
export class LocationDto {
  @ApiPropertyOptional({ example: 'Berlin' })
  @IsOptional()
  @IsString()
  @MaxLength(RULES.shortText.max)
  city?: string;

  @ApiPropertyOptional({ example: 'Berlin' })
  @IsOptional()
  @IsString()
  @MaxLength(RULES.shortText.max)
  region?: string;

  @ApiPropertyOptional({
    example: 'DE',
    description: 'ISO 3166-1 alpha-2',
  })
  @IsOptional()
  @IsISO31661Alpha2()
  @Matches(RULES.country, { message: '$property must be upper-case ISO 3166-1 alpha-2' })
  country?: string;
}

/** A position as a client sends it. */
export class ExperienceInputDto {
  @ApiPropertyOptional({ example: 'Staff Engineer' })
  @IsOptional()
  @IsString()
  @MaxLength(RULES.shortText.max)
  title?: string;

  @ApiPropertyOptional({ description: 'Company id or publicId of a known company' })
  @IsOptional()
  @Matches(RESOURCE_REF, { message: COMPANY_REF_MESSAGE })
  company?: string;

  @ApiPropertyOptional({ description: 'Employer name when it is not a known company' })
  @IsOptional()
  @IsString()
  @MaxLength(RULES.shortText.max)
  companyName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(RULES.shortText.max)
  location?: string;

  @ApiPropertyOptional({ example: '2021-04' })
  @IsOptional()
  @Matches(RULES.yearMonth, { message: YEAR_MONTH_MESSAGE })
  startDate?: string;

  @ApiPropertyOptional({ example: '2024-01' })
  @IsOptional()
  @Matches(RULES.yearMonth, { message: YEAR_MONTH_MESSAGE })
  endDate?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(RULES.description.max)
  description?: string;
}

/** A school attended. */
export class EducationDto {
  @ApiProperty({ example: 'TU Berlin' })
  @IsString()
  @Length(1, RULES.shortText.max)
  school!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(RULES.shortText.max)
  degree?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(RULES.shortText.max)
  field?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2100)
  startYear?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2100)
  endYear?: number;
}

/**
 * Body of `POST /v1/profiles` and one item of a batch. The rules of each field come from
 * `PROFILE_FIELDS`; the decorators above them only document it.
 */
export class CreateProfileDto {
  @ApiProperty({ example: 'ada-lovelace' })
  @ProfileFieldRules('publicId')
  publicId!: string;

  @ApiPropertyOptional({ example: 'https://profiles.example/in/ada-lovelace' })
  @ProfileFieldRules('url')
  url?: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  @ProfileFieldRules('fullName')
  fullName!: string;

  @ApiPropertyOptional({ example: 'Analyst of engines' })
  @ProfileFieldRules('headline')
  headline?: string;

  @ApiPropertyOptional()
  @ProfileFieldRules('summary')
  summary?: string;

  @ApiPropertyOptional({ type: LocationDto })
  @ProfileFieldRules('location', () => LocationDto)
  location?: LocationDto;

  @ApiPropertyOptional({ description: 'Company id or publicId; unknown → 422 UNKNOWN_COMPANY' })
  @ProfileFieldRules('currentCompany')
  currentCompany?: string;

  @ApiPropertyOptional({ type: [ExperienceInputDto] })
  @ProfileFieldRules('experiences', () => ExperienceInputDto)
  experiences?: ExperienceInputDto[];

  @ApiPropertyOptional({ type: [EducationDto] })
  @ProfileFieldRules('education', () => EducationDto)
  education?: EducationDto[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Stored trimmed, lower-case and de-duplicated',
  })
  @ProfileFieldRules('skills')
  skills?: string[];

  @ApiPropertyOptional({ default: 'manual' })
  @ProfileFieldRules('source')
  source?: (typeof PROFILE_SOURCES)[number];
}

/**
 * Body of `PATCH /v1/profiles/:id`: any subset; `null` clears an optional field. `fullName` may
 * be left out but not cleared.
 */
export class UpdateProfileDto extends PartialType(
  OmitType(CreateProfileDto, ['publicId', 'fullName'] as const),
) {
  @ApiPropertyOptional({ example: 'Ada Lovelace' })
  @IsOmittable()
  @ProfileFieldRules('fullName')
  fullName?: string;
}

/** Body of `POST /v1/profiles/batch`; each item is validated on its own. */
export class BatchProfilesDto {
  @ApiProperty({
    type: 'array',
    items: {},
    maxItems: MAX_BATCH_SIZE,
    description:
      'Each item is judged on its own as a `CreateProfileDto`; one that fails comes back as ' +
      '`invalid` with its field errors while the others are written. More than ' +
      `${MAX_BATCH_SIZE} items is 413 \`BATCH_TOO_LARGE\`.`,
    example: [{ publicId: 'ada-lovelace', fullName: 'Ada Lovelace' }],
  })
  @IsArray()
  @ArrayMinSize(1)
  profiles!: unknown[];
}

/** Query of `GET /v1/companies/:id/profiles`. */
export class CompanyProfilesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ default: '-updatedAt' })
  @IsOptional()
  @IsIn(['-updatedAt', 'fullName'])
  sort?: '-updatedAt' | 'fullName';
}

/** Query of `GET /v1/profiles`. */
export class ListProfilesQueryDto extends CompanyProfilesQueryDto {
  @ApiPropertyOptional({ description: 'Current company: id or publicId' })
  @IsOptional()
  @Matches(RESOURCE_REF, { message: COMPANY_REF_MESSAGE })
  company?: string;

  @ApiPropertyOptional({ example: 'typescript' })
  @IsOptional()
  @IsString()
  @MaxLength(RULES.skills.maxLength)
  skill?: string;

  @ApiPropertyOptional({ example: 'DE' })
  @IsOptional()
  @IsISO31661Alpha2()
  @Matches(RULES.country, { message: '$property must be upper-case ISO 3166-1 alpha-2' })
  country?: string;

  @ApiPropertyOptional({
    example: 'ada love',
    description: 'Every word must start a word of the name or headline',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  updatedSince?: Date;
}

/** A position as the API returns it. */
export class ExperienceDto extends OmitType(ExperienceInputDto, ['company'] as const) {
  @ApiPropertyOptional({ type: CompanySummaryDto })
  company?: CompanySummaryDto;
}

/** Scraping state of a profile. */
export class ScrapeStateDto {
  @ApiProperty({ enum: SCRAPE_STATUSES })
  status!: (typeof SCRAPE_STATUSES)[number];

  @ApiPropertyOptional({ format: 'date-time' })
  lastScrapedAt?: string;

  @ApiPropertyOptional()
  lastJobId?: string;
}

/** A profile as the API returns it. */
export class ProfileDto {
  @ApiProperty({ example: '6650f1c2a1b2c3d4e5f60719' }) id!: string;
  @ApiProperty({ example: 'ada-lovelace' }) publicId!: string;
  @ApiPropertyOptional() url?: string;
  @ApiProperty({ example: 'Ada Lovelace' }) fullName!: string;
  @ApiPropertyOptional() headline?: string;
  @ApiPropertyOptional() summary?: string;
  @ApiPropertyOptional({ type: LocationDto }) location?: LocationDto;
  @ApiPropertyOptional({ type: CompanySummaryDto }) currentCompany?: CompanySummaryDto;
  @ApiProperty({ type: [ExperienceDto] }) experiences!: ExperienceDto[];
  @ApiProperty({ type: [EducationDto] }) education!: EducationDto[];
  @ApiProperty({ type: [String] }) skills!: string[];
  @ApiProperty({ enum: PROFILE_SOURCES }) source!: (typeof PROFILE_SOURCES)[number];
  @ApiProperty({ type: ScrapeStateDto }) scrape!: ScrapeStateDto;
  @ApiProperty({ example: 1, description: 'Bumped by every change; the ETag carries it' })
  version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** One page of profiles. */
export class ProfilePageDto {
  @ApiProperty({ type: [ProfileDto] })
  data!: ProfileDto[];

  @ApiProperty({ type: PageInfoDto })
  page!: PageInfoDto;
}

/** A field-level error of one batch item. */
export class BatchItemErrorDto {
  @ApiProperty() field!: string;
  @ApiProperty() message!: string;
  @ApiProperty() code!: string;
}

/** The outcome of one batch item, by its index in the request. */
export class BatchItemResultDto {
  @ApiProperty({ example: 0 }) index!: number;
  @ApiProperty({
    enum: ['created', 'updated', 'unchanged', 'invalid', 'suppressed'],
    description: '`suppressed`: the person was erased and Scout must not collect them again',
  })
  status!: 'created' | 'updated' | 'unchanged' | 'invalid' | 'suppressed';
  @ApiPropertyOptional() id?: string;
  @ApiPropertyOptional() publicId?: string;
  @ApiPropertyOptional({ type: [BatchItemErrorDto] }) errors?: BatchItemErrorDto[];
}

/** Response of `POST /v1/profiles/batch`. */
export class BatchResultDto {
  @ApiProperty({ type: [BatchItemResultDto] })
  results!: BatchItemResultDto[];
}
