import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { EVENT_TYPES } from '@scout/events';
import { PageInfoDto } from '../shared/page.dto';
import { ResourceIdParams } from '../shared/id-params.dto';
import { ProfileDto } from './profile.dto';

/** `:id` and `:version` of `/v1/profiles/:id/history/:version`. */
export class ProfileVersionParams extends ResourceIdParams {
  @ApiProperty({ description: 'The version a write took the profile to', example: 2 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  version!: number;
}

/** Any JSON value a stored field can hold, or null. */
const JSON_VALUE = {
  anyOf: [
    { type: 'string', nullable: true },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'object' },
    { type: 'array', items: {} },
  ],
};

/** One content field a write changed. */
export class FieldChangeDto {
  @ApiProperty({ example: 'headline' })
  field!: string;

  @ApiProperty({
    ...JSON_VALUE,
    description: 'The stored value before the write (JSON); null when the field was absent',
    example: 'Engineer',
  })
  from!: unknown;

  @ApiProperty({
    ...JSON_VALUE,
    description: 'The stored value after the write (JSON); null when the write removed it',
    example: 'Staff engineer',
  })
  to!: unknown;
}

/** One entry of a profile's history. */
export class ProfileChangeDto {
  @ApiProperty({ example: 2, description: 'The version the write took the profile to' })
  version!: number;

  @ApiProperty({
    enum: EVENT_TYPES.filter((t) => t.startsWith('profile.')),
    example: 'profile.updated',
  })
  type!: string;

  @ApiProperty({
    example: 'api-key:6650f1c2a1b2c3d4e5f60719',
    description: 'Who wrote: `api-key:<id>`, `scrape-job:<id>`, `scheduler` or `system`',
  })
  actor!: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ type: [FieldChangeDto], description: 'Empty for a deletion' })
  changes!: FieldChangeDto[];
}

/** One page of a profile's history, newest first. */
export class ProfileHistoryPageDto {
  @ApiProperty({ type: [ProfileChangeDto] })
  data!: ProfileChangeDto[];

  @ApiProperty({ type: PageInfoDto })
  page!: PageInfoDto;
}

/** A history entry with the profile as that write left it. */
export class ProfileVersionDto extends ProfileChangeDto {
  @ApiProperty({ type: ProfileDto })
  profile!: ProfileDto;
}
