import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import { RequireScope } from '@scout/auth';
import { Costly } from '@scout/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode, PAGE_LIMIT, validateItem } from '@scout/common';
import {
  ProfileBatch,
  ProfileCommands,
  ProfileHistoryService,
  type ProfileInput,
  ProfileQueries,
  type ProfileView,
} from '@scout/profiles';
import { actorOf } from '../shared/actor';
import { ResourceIdParams } from '../shared/id-params.dto';
import { PageQueryDto } from '../shared/page.dto';
import {
  ApiIfMatch,
  ETAG_HEADER,
  etagOf,
  expectedVersion,
  locationHeader,
} from '../shared/http-conditions';
import { Idempotent } from '../shared/idempotency.interceptor';
import {
  BatchProfilesDto,
  BatchResultDto,
  CreateProfileDto,
  ListProfilesQueryDto,
  MAX_BATCH_SIZE,
  ProfileDto,
  ProfilePageDto,
  UpdateProfileDto,
} from './profile.dto';
import {
  ProfileHistoryPageDto,
  ProfileVersionDto,
  ProfileVersionParams,
} from './profile-history.dto';

/** Body limit of the batch route: room for 1,000 full profiles. */
const BATCH_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

/** `/v1/profiles`: thin delivery over the profile services (queries, commands, batch, history). */
@ApiTags('profiles')
@Controller({ path: 'profiles', version: '1' })
export class ProfilesController {
  constructor(
    private readonly queries: ProfileQueries,
    private readonly commands: ProfileCommands,
    private readonly batches: ProfileBatch,
    private readonly history: ProfileHistoryService,
  ) {}

  @Post()
  @RequireScope('profiles:write')
  @ApiCreatedResponse({
    type: ProfileDto,
    description: 'Created; `Location` names the new profile',
    headers: { ...ETAG_HEADER, ...locationHeader('profiles') },
  })
  @Idempotent()
  async create(
    @Body() body: CreateProfileDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProfileDto> {
    const profile = await this.commands.create(body, actorOf(request), {
      adoptIdentical: request.idempotentRetry,
    });
    reply.header('location', `/v1/profiles/${profile.id}`);
    return this.withEtag(reply, profile);
  }

  @Get()
  @RequireScope('profiles:read')
  @Costly({ pageLimitAtLeast: PAGE_LIMIT.max })
  @ApiOkResponse({ type: ProfilePageDto })
  list(@Query() query: ListProfilesQueryDto): Promise<ProfilePageDto> {
    return this.queries.list(query);
  }

  @Post('batch')
  @RequireScope('profiles:write')
  @Costly()
  @HttpCode(200)
  @RouteConfig({ bodyLimit: BATCH_BODY_LIMIT_BYTES })
  @ApiOkResponse({ type: BatchResultDto, description: 'Per-item outcome, by input index' })
  @ApiPayloadTooLargeResponse({ description: `BATCH_TOO_LARGE: more than ${MAX_BATCH_SIZE} items` })
  @Idempotent()
  async batch(
    @Body() body: BatchProfilesDto,
    @Req() request: FastifyRequest,
  ): Promise<BatchResultDto> {
    if (body.profiles.length > MAX_BATCH_SIZE) {
      throw new DomainError(
        ErrorCode.BatchTooLarge,
        `A batch holds at most ${MAX_BATCH_SIZE} profiles; this one has ${body.profiles.length}.`,
      );
    }
    const checked = await Promise.all(
      body.profiles.map((item) => validateItem(CreateProfileDto, item)),
    );
    const valid: Array<{ index: number; input: ProfileInput }> = [];
    const invalid: BatchResultDto['results'] = [];
    checked.forEach((result, index) => {
      if (result.ok) valid.push({ index, input: result.value });
      else invalid.push({ index, status: 'invalid', errors: result.errors });
    });
    const written = await this.batches.batchUpsert(valid, actorOf(request));
    return { results: [...written, ...invalid].sort((a, b) => a.index - b.index) };
  }

  @Get(':id')
  @RequireScope('profiles:read')
  @ApiOkResponse({
    type: ProfileDto,
    description: 'The profile; `ETag` carries its version',
    headers: ETAG_HEADER,
  })
  async get(
    @Param() { id }: ResourceIdParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProfileDto> {
    return this.withEtag(reply, await this.queries.get(id));
  }

  @Patch(':id')
  @RequireScope('profiles:write')
  @ApiIfMatch()
  @ApiOkResponse({
    type: ProfileDto,
    description: 'Updated; 412 when `If-Match` is stale',
    headers: ETAG_HEADER,
  })
  @Idempotent()
  async update(
    @Param() { id }: ResourceIdParams,
    @Body() body: UpdateProfileDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProfileDto> {
    const profile = await this.commands.update(
      id,
      body,
      actorOf(request),
      expectedVersion(ifMatch),
      { adoptIdentical: request.idempotentRetry },
    );
    return this.withEtag(reply, profile);
  }

  @Delete(':id')
  @RequireScope('profiles:write')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted for good' })
  @Idempotent()
  async delete(@Param() { id }: ResourceIdParams, @Req() request: FastifyRequest): Promise<void> {
    await this.commands.delete(id, actorOf(request));
  }

  @Get(':id/history')
  @RequireScope('profiles:read')
  @ApiOkResponse({
    type: ProfileHistoryPageDto,
    description: 'What each write changed and who made it, newest first',
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: Scout holds no history for this profile' })
  listHistory(
    @Param() { id }: ResourceIdParams,
    @Query() query: PageQueryDto,
  ): Promise<ProfileHistoryPageDto> {
    return this.history.list(id, query.limit, query.cursor);
  }

  @Get(':id/history/:version')
  @RequireScope('profiles:read')
  @ApiOkResponse({ type: ProfileVersionDto, description: 'The profile as that version left it' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no write took the profile to this version' })
  getVersion(@Param() { id, version }: ProfileVersionParams): Promise<ProfileVersionDto> {
    return this.history.version(id, version);
  }

  private withEtag(reply: FastifyReply, profile: ProfileView): ProfileDto {
    reply.header('etag', etagOf(profile.version));
    return profile;
  }
}
