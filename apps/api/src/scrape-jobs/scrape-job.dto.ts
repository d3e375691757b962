import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  DEAD_REASONS,
  type DeadReason,
  MAX_REPLAY,
  PRIORITIES,
  type Priority,
  REPLAYABLE_STATUSES,
  type ReplayableStatus,
  SCRAPE_JOB_STATUSES,
  type ScrapeJobStatus,
} from '@scout/scraping';
import { PageInfoDto, PageQueryDto } from '../shared/page.dto';

/** Most targets one batch may carry; more is 413 `BATCH_TOO_LARGE`. */
export const MAX_SCRAPE_BATCH = 1_000;

/** Body of `POST /v1/scrape-jobs`. */
export class CreateScrapeJobDto {
  @ApiProperty({
    example: 'ada-lovelace',
    description:
      'A publicId, or a profile URL on the configured site (`<site>/in/<publicId>`); ' +
      'anything else is 400 `INVALID_TARGET`',
  })
  @IsString()
  @MaxLength(2048)
  profile!: string;

  @ApiPropertyOptional({ default: 'normal' })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: Priority;
}

/** Body of `POST /v1/scrape-jobs/batch`. */
export class BatchScrapeJobsDto {
  @ApiProperty({
    type: [String],
    maxItems: MAX_SCRAPE_BATCH,
    example: ['ada-lovelace', 'grace-hopper'],
    description: `Each one judged like \`profile\` of a single job; more than ${MAX_SCRAPE_BATCH} is 413`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  @MaxLength(2048, { each: true })
  profiles!: string[];

  @ApiPropertyOptional({ default: 'normal' })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: Priority;
}

/** Query of `GET /v1/scrape-jobs`. */
export class ListScrapeJobsQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsIn(SCRAPE_JOB_STATUSES)
  status?: ScrapeJobStatus;
}

class ScrapeTargetDto {
  @ApiProperty() publicId!: string;
  @ApiProperty() url!: string;
}

class ScrapeJobErrorDto {
  @ApiProperty({ example: 'NOT_FOUND' }) code!: string;
  @ApiProperty() message!: string;
  @ApiProperty() retryable!: boolean;
}

class ScrapeJobResultDto {
  @ApiProperty() profileId!: string;
  @ApiProperty({ description: 'Whether the profile content changed' }) changed!: boolean;
}

class ScrapeJobTransitionDto {
  @ApiProperty({ enum: SCRAPE_JOB_STATUSES }) status!: ScrapeJobStatus;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional() note?: string;
}

/** A scrape job as the API returns it. */
export class ScrapeJobDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: ScrapeTargetDto }) target!: ScrapeTargetDto;
  @ApiProperty({ enum: SCRAPE_JOB_STATUSES }) status!: ScrapeJobStatus;
  @ApiProperty({ enum: PRIORITIES }) priority!: Priority;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional({ type: ScrapeJobErrorDto }) error?: ScrapeJobErrorDto;
  @ApiPropertyOptional({ type: ScrapeJobResultDto }) result?: ScrapeJobResultDto;
  @ApiPropertyOptional({
    description: '`api-key:<key id>` for API requests, `scheduler` for re-scrapes',
  })
  requestedBy?: string;
  @ApiPropertyOptional() requestId?: string;
  @ApiPropertyOptional({ description: 'Trace of the creating request, when tracing is on' })
  traceId?: string;
  @ApiProperty({ type: [ScrapeJobTransitionDto] }) transitions!: ScrapeJobTransitionDto[];
  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'When Scout knew the queue took the job. On MongoDB set as the request enqueues it; on ' +
      'FerretDB when a worker starts it or the sweeper enqueues it. Absent before that',
  })
  enqueuedAt?: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Since when the job has been deferred because its host was unavailable',
  })
  deferredSince?: string;
  @ApiPropertyOptional({ enum: DEAD_REASONS, description: 'Why a `dead` job was given up' })
  deadReason?: DeadReason;
  @ApiPropertyOptional({ format: 'date-time' }) startedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) finishedAt?: string;
  @ApiPropertyOptional() durationMs?: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** One page of scrape jobs. */
export class ScrapeJobPageDto {
  @ApiProperty({ type: [ScrapeJobDto] }) data!: ScrapeJobDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}

class ScrapeBatchErrorDto {
  @ApiProperty() field!: string;
  @ApiProperty() message!: string;
  @ApiProperty() code!: string;
}

/** Outcome of one target of a batch. */
export class ScrapeBatchItemDto {
  @ApiProperty() index!: number;
  @ApiProperty({
    enum: ['queued', 'existing', 'invalid', 'suppressed'],
    description: '`suppressed`: the person was erased and Scout must not collect them again',
  })
  status!: 'queued' | 'existing' | 'invalid' | 'suppressed';
  @ApiPropertyOptional({ type: ScrapeJobDto }) job?: ScrapeJobDto;
  @ApiPropertyOptional({ type: [ScrapeBatchErrorDto] }) errors?: ScrapeBatchErrorDto[];
}

/** Response of `POST /v1/scrape-jobs/batch`. */
export class ScrapeBatchResultDto {
  @ApiProperty({ type: [ScrapeBatchItemDto] }) results!: ScrapeBatchItemDto[];
}

/** Body of `POST /v1/scrape-jobs/replay`: which failed or dead jobs to queue again. */
export class ReplayScrapeJobsDto {
  @ApiPropertyOptional({ enum: REPLAYABLE_STATUSES, default: 'dead' })
  @IsOptional()
  @IsIn(REPLAYABLE_STATUSES)
  status: ReplayableStatus = 'dead';

  @ApiPropertyOptional({
    example: 'HOST_UNAVAILABLE',
    description: 'Only jobs whose last error has this code',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z_]{1,64}$/)
  code?: string;

  @ApiPropertyOptional({ enum: DEAD_REASONS })
  @IsOptional()
  @IsIn(DEAD_REASONS)
  deadReason?: DeadReason;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only jobs created at or after this' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdAfter?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only jobs created before this' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdBefore?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_REPLAY, default: 100 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_REPLAY)
  limit: number = 100;
}

class ReplaySkippedDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'This target already has an active scrape job.' }) reason!: string;
}

/** Response of `POST /v1/scrape-jobs/replay`. */
export class ReplayResultDto {
  @ApiProperty({ description: 'Jobs the filter matched (at most `limit`)' }) matched!: number;
  @ApiProperty({ type: [String], description: 'Ids of the jobs queued again' })
  replayed!: string[];
  @ApiProperty({ type: [ReplaySkippedDto] }) skipped!: ReplaySkippedDto[];
}
