import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { RequireScope } from '@scout/auth';
import { Costly } from '@scout/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode, PAGE_LIMIT } from '@scout/common';
import { ApiIdempotencyKey, idempotencyKey, locationHeader } from '../shared/http-conditions';
import { ScrapeJobsService } from '@scout/scraping';
import { JobIdParams } from '../shared/id-params.dto';
import {
  BatchScrapeJobsDto,
  CreateScrapeJobDto,
  ListScrapeJobsQueryDto,
  MAX_SCRAPE_BATCH,
  ReplayResultDto,
  ReplayScrapeJobsDto,
  ScrapeBatchResultDto,
  ScrapeJobDto,
  ScrapeJobPageDto,
} from './scrape-job.dto';

const SCRAPING_OFF = 'FEATURE_DISABLED: the `scraping.enabled` feature flag is off';

/** Who asked, as scrape jobs record it: the key's id, never the key. */
function requester(request: FastifyRequest): string | undefined {
  return request.principal ? `api-key:${request.principal.keyId}` : undefined;
}

/** `/v1/scrape-jobs`: thin delivery over ScrapeJobsService. */
@ApiTags('scrape-jobs')
@Controller({ path: 'scrape-jobs', version: '1' })
export class ScrapeJobsController {
  constructor(private readonly jobs: ScrapeJobsService) {}

  @Post()
  @RequireScope('scrape:write')
  @HttpCode(202)
  @ApiIdempotencyKey('Replays return the first job')
  @ApiAcceptedResponse({
    type: ScrapeJobDto,
    description:
      'Recorded and queued (or the target’s active job); `Location` names it. Accepted even ' +
      'while the queue is unreachable: the job is enqueued once it is back',
    headers: locationHeader('scrape-jobs'),
  })
  @ApiServiceUnavailableResponse({ description: SCRAPING_OFF })
  async create(
    @Body() body: CreateScrapeJobDto,
    @Headers('idempotency-key') rawIdempotencyKey: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ScrapeJobDto> {
    const { job } = await this.jobs.request({
      profile: body.profile,
      priority: body.priority,
      idempotencyKey: idempotencyKey(rawIdempotencyKey),
      requestId: String(request.id),
      requestedBy: requester(request),
    });
    reply.header('location', `/v1/scrape-jobs/${job.id}`);
    return job;
  }

  @Post('batch')
  @RequireScope('scrape:write')
  @Costly()
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ScrapeBatchResultDto })
  @ApiServiceUnavailableResponse({ description: SCRAPING_OFF })
  @ApiPayloadTooLargeResponse({
    description: `BATCH_TOO_LARGE: more than ${MAX_SCRAPE_BATCH} targets`,
  })
  async batch(
    @Body() body: BatchScrapeJobsDto,
    @Req() request: FastifyRequest,
  ): Promise<ScrapeBatchResultDto> {
    if (body.profiles.length > MAX_SCRAPE_BATCH) {
      throw new DomainError(
        ErrorCode.BatchTooLarge,
        `A batch holds at most ${MAX_SCRAPE_BATCH} targets; this one has ${body.profiles.length}.`,
      );
    }
    return {
      results: await this.jobs.requestBatch(body.profiles, body.priority, {
        requestId: String(request.id),
        requestedBy: requester(request),
      }),
    };
  }

  @Get()
  @RequireScope('profiles:read')
  @Costly({ pageLimitAtLeast: PAGE_LIMIT.max })
  @ApiOkResponse({ type: ScrapeJobPageDto })
  list(@Query() query: ListScrapeJobsQueryDto): Promise<ScrapeJobPageDto> {
    return this.jobs.list(query.status, query.limit, query.cursor);
  }

  @Get(':id')
  @RequireScope('profiles:read')
  @ApiOkResponse({ type: ScrapeJobDto })
  get(@Param() { id }: JobIdParams): Promise<ScrapeJobDto> {
    return this.jobs.get(id);
  }

  @Post('replay')
  @RequireScope('admin')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: ReplayResultDto,
    description: 'Failed or dead jobs matching the filter (default: dead), queued again',
  })
  @ApiServiceUnavailableResponse({ description: SCRAPING_OFF })
  replay(
    @Body() body: ReplayScrapeJobsDto,
    @Req() request: FastifyRequest,
  ): Promise<ReplayResultDto> {
    return this.jobs.replay(
      {
        status: body.status,
        code: body.code,
        deadReason: body.deadReason,
        createdAfter: body.createdAfter ? new Date(body.createdAfter) : undefined,
        createdBefore: body.createdBefore ? new Date(body.createdBefore) : undefined,
      },
      body.limit,
      String(request.id),
    );
  }

  @Post(':id/retry')
  @RequireScope('scrape:write')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ScrapeJobDto, description: 'A failed or dead job, queued again' })
  @ApiServiceUnavailableResponse({ description: SCRAPING_OFF })
  @ApiConflictResponse({
    description: 'The job is not failed or dead, or its target has an active job',
  })
  retry(@Param() { id }: JobIdParams, @Req() request: FastifyRequest): Promise<ScrapeJobDto> {
    return this.jobs.retry(id, String(request.id));
  }

  @Delete(':id')
  @RequireScope('scrape:write')
  @ApiOkResponse({ type: ScrapeJobDto, description: 'Cancelled' })
  @ApiConflictResponse({ description: 'JOB_RUNNING, or the job already finished' })
  cancel(@Param() { id }: JobIdParams): Promise<ScrapeJobDto> {
    return this.jobs.cancel(id);
  }
}
