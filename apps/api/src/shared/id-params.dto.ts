import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ErrorCode } from '@scout/common';
import { JOB_ID, RESOURCE_REF } from './formats';

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
