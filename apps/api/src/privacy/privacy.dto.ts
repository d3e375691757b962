import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { ErrorCode } from '@scout/common';
import { ERASURE_STATES, type ErasureState } from '@scout/privacy';
import { ProfileDto } from '../profiles/profile.dto';
import { RESOURCE_REF } from '../shared/formats';

const INVALID_ID = { errorCode: ErrorCode.InvalidId };

/** Body of `POST /v1/erasure-requests`. */
export class CreateErasureRequestDto {
  @ApiProperty({
    example: 'ada-lovelace',
    description:
      'The person, by profile ObjectId or publicId. A publicId Scout holds no profile for is ' +
      'still erased (jobs, queue entries) and suppressed; an unknown ObjectId is 404',
  })
  @IsString()
  @Matches(RESOURCE_REF, {
    message: 'profile must be a 24-character ObjectId or a publicId (3-100 of a-z, 0-9 and -)',
    context: INVALID_ID,
  })
  profile!: string;
}

/** An erasure request and its receipt; it never names the person erased. */
export class ErasureReceiptDto {
  @ApiProperty({ example: '6650f1c2a1b2c3d4e5f6071a' }) id!: string;
  @ApiProperty({
    enum: ERASURE_STATES,
    description:
      '`pending`: some steps wait (a job still running, a failed step); the maintenance ' +
      'queue resumes it. `completed`: everything is removed',
  })
  state!: ErasureState;
  @ApiProperty({ example: 'api-key:6650f1c2a1b2c3d4e5f60700', description: 'Who asked' })
  requestedBy!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) completedAt?: string;
  @ApiProperty({
    description: 'Keyed hash (HMAC-SHA256) of the profile id, or of the publicId without profile',
  })
  subjectHash!: string;
  @ApiProperty({
    type: [String],
    description:
      'Suppression list entries added (keyed hashes of publicId and URLs); ' +
      '`DELETE /v1/suppressions/{hash}` lifts one',
  })
  suppressions!: string[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { suppression: 2, queues: 3, scrape_jobs: 3, profiles: 1, cache: 2 },
    description: 'Items removed per store',
  })
  removed!: Record<string, number>;
  @ApiPropertyOptional({ description: 'Why a pending erasure waits' }) waitingFor?: string;
}

/** `:id` of `/v1/erasure-requests/:id`. */
export class ErasureIdParams {
  @ApiProperty({ example: '6650f1c2a1b2c3d4e5f6071a' })
  @Matches(/^[0-9a-f]{24}$/, {
    message: 'id must be a 24-character lower-case ObjectId',
    context: INVALID_ID,
  })
  id!: string;
}

/** `:hash` of `/v1/suppressions/:hash`. */
export class SuppressionHashParams {
  @ApiProperty({ description: 'A suppression entry as an erasure receipt lists it' })
  @Matches(/^[0-9a-f]{64}$/, {
    message: 'hash must be 64 lower-case hex digits',
    context: INVALID_ID,
  })
  hash!: string;
}

class HistoryEntryDto {
  @ApiProperty({ example: 'profile.updated' }) type!: string;
  @ApiProperty() sequence!: number;
  @ApiProperty({ example: 'api-key:6650f1c2a1b2c3d4e5f60700' }) actor!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'What the write changed, field by field',
  })
  changes?: Array<Record<string, unknown>>;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'The profile as the write left it',
  })
  snapshot?: Record<string, unknown>;
}

class ExportScrapeJobDto {
  @ApiProperty() id!: string;
  @ApiProperty() status!: string;
  @ApiProperty({
    type: 'object',
    properties: { publicId: { type: 'string' }, url: { type: 'string' } },
  })
  target!: { publicId: string; url: string };
  @ApiPropertyOptional() requestedBy?: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) finishedAt?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  result?: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  error?: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  transitions!: Array<Record<string, unknown>>;
}

class ExportSourceDto {
  @ApiProperty({
    example: 'profile',
    description: '`profile`, `history:<sequence>`, `scrape-job:<id>`',
  })
  record!: string;
  @ApiProperty({ example: 'scrape', description: 'Profile source, event type or job status' })
  origin!: string;
  @ApiPropertyOptional({ description: 'The page it was read from' }) url?: string;
  @ApiPropertyOptional({ example: 'scheduler', description: 'Who caused it' }) actor?: string;
  @ApiPropertyOptional({ format: 'date-time' }) at?: string;
}

class SuppressionStateDto {
  @ApiProperty() suppressed!: boolean;
}

/** `GET /v1/profiles/:id/export`: everything Scout holds about the person. */
export class PersonExportDto {
  @ApiProperty({ format: 'date-time' }) exportedAt!: string;
  @ApiProperty({ type: ProfileDto }) profile!: ProfileDto;
  @ApiProperty({ type: [HistoryEntryDto], description: 'Change events, oldest first' })
  history!: HistoryEntryDto[];
  @ApiProperty({ type: [ExportScrapeJobDto], description: 'Newest first' })
  scrapeJobs!: ExportScrapeJobDto[];
  @ApiProperty({ type: SuppressionStateDto }) suppression!: SuppressionStateDto;
  @ApiProperty({ type: [ExportSourceDto], description: 'Where each part came from' })
  sources!: ExportSourceDto[];
}
