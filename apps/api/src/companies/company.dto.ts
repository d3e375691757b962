import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, PartialType, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { IsOmittable } from '@scout/common';
import { RULES, SIZE_RANGES } from '@scout/profiles';
import { HttpUrlRules } from '../shared/formats';
import { PageInfoDto, PageQueryDto } from '../shared/page.dto';

const PUBLIC_ID_MESSAGE =
  'publicId must be 3-100 characters of a-z, 0-9 and -, starting with a letter or digit';

/** The rules of a company's name, on create and on change alike. */
const NameRules = (): PropertyDecorator =>
  applyDecorators(IsString(), Length(1, RULES.shortText.max));

/** Body of `POST /v1/companies`. */
export class CreateCompanyDto {
  @ApiProperty({ example: 'acme-corp' })
  @Matches(RULES.publicId, { message: PUBLIC_ID_MESSAGE })
  publicId!: string;

  @ApiProperty({ example: 'Acme Corp' })
  @NameRules()
  name!: string;

  @ApiPropertyOptional({ example: 'https://profiles.example/company/acme-corp' })
  @IsOptional()
  @HttpUrlRules()
  url?: string;

  @ApiPropertyOptional({ example: 'Software' })
  @IsOptional()
  @IsString()
  @MaxLength(RULES.shortText.max)
  industry?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsIn(SIZE_RANGES)
  sizeRange?: string;

  @ApiPropertyOptional({ example: 'https://acme.example' })
  @IsOptional()
  @HttpUrlRules()
  website?: string;

  @ApiPropertyOptional({ example: 'Berlin, DE' })
  @IsOptional()
  @IsString()
  @MaxLength(RULES.shortText.max)
  headquarters?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(RULES.description.max)
  description?: string;
}

/**
 * Body of `PATCH /v1/companies/:id`: any subset; `null` clears an optional field. `name` may
 * be left out but not cleared.
 */
export class UpdateCompanyDto extends PartialType(
  OmitType(CreateCompanyDto, ['publicId', 'name'] as const),
) {
  @ApiPropertyOptional({ example: 'Acme Corp' })
  @IsOmittable()
  @NameRules()
  name?: string;
}

/** Query of `GET /v1/companies`. */
export class ListCompaniesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ default: '-updatedAt' })
  @IsOptional()
  @IsIn(['-updatedAt', 'name'])
  sort?: '-updatedAt' | 'name';
}

/** A company inline in a profile. */
export class CompanySummaryDto {
  @ApiProperty({ example: '6650f1c2a1b2c3d4e5f60718' })
  id!: string;

  @ApiProperty({ example: 'acme-corp' })
  publicId!: string;

  @ApiProperty({ example: 'Acme Corp' })
  name!: string;
}

/** A company as the API returns it. */
export class CompanyDto extends CompanySummaryDto {
  @ApiPropertyOptional() url?: string;
  @ApiPropertyOptional() industry?: string;
  @ApiPropertyOptional({ enum: SIZE_RANGES }) sizeRange?: string;
  @ApiPropertyOptional() website?: string;
  @ApiPropertyOptional() headquarters?: string;
  @ApiPropertyOptional() description?: string;

  @ApiProperty({ example: 1, description: 'Bumped by every change; the ETag carries it' })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

/** One page of companies. */
export class CompanyPageDto {
  @ApiProperty({ type: [CompanyDto] })
  data!: CompanyDto[];

  @ApiProperty({ type: PageInfoDto })
  page!: PageInfoDto;
}
