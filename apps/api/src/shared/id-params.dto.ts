import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ErrorCode } from '@scout/common';

/** A profile or company as a path or a reference names it: an ObjectId or a publicId. */
export const RESOURCE_REF = /^([0-9a-f]{24}|[a-z0-9][a-z0-9-]{2,99})$/;
/** A scrape job id: an ObjectId. */
export const JOB_ID = /^[0-9a-f]{24}$/;

const INVALID_ID = { errorCode: ErrorCode.InvalidId };

/** `:id` of `/v1/profiles/:id` and `/v1/companies/:id`; anything else is 400 `INVALID_ID`. */
export class ResourceIdParams {
  @ApiProperty({ description: 'ObjectId or publicId', example: 'ada-lovelace' })
  @Matches(RESOURCE_REF, {
    message: 'id must be a 24-character ObjectId or a publicId (3-100 of a-z, 0-9 and -)',
    context: INVALID_ID,
  })
  id!: string;
}

/** `:id` of `/v1/scrape-jobs/:id`; anything else is 400 `INVALID_ID`. */
export class JobIdParams {
  @ApiProperty({ description: 'The job’s ObjectId', example: '6650f1c2a1b2c3d4e5f6071a' })
  @Matches(JOB_ID, {
    message: 'id must be a 24-character lower-case ObjectId',
    context: INVALID_ID,
  })
  id!: string;
}
