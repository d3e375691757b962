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
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { RequireScope } from '@scout/auth';
import { PAGE_LIMIT } from '@scout/common';
import { Costly } from '@scout/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CompaniesService, type CompanyView, ProfileQueries } from '@scout/profiles';
import { ResourceIdParams } from '../shared/id-params.dto';
import {
  ApiIfMatch,
  ETAG_HEADER,
  etagOf,
  expectedVersion,
  locationHeader,
} from '../shared/http-conditions';
import { Idempotent } from '../shared/idempotency.interceptor';
import { CompanyProfilesQueryDto, ProfilePageDto } from '../profiles/profile.dto';
import {
  CompanyDto,
  CompanyPageDto,
  CreateCompanyDto,
  ListCompaniesQueryDto,
  UpdateCompanyDto,
} from './company.dto';

/** `/v1/companies`: thin delivery over CompaniesService. */
@ApiTags('companies')
@Controller({ path: 'companies', version: '1' })
export class CompaniesController {
  constructor(
    private readonly companies: CompaniesService,
    private readonly profiles: ProfileQueries,
  ) {}

  @Post()
  @RequireScope('profiles:write')
  @ApiCreatedResponse({
    type: CompanyDto,
    description: 'Created; `Location` names the new company',
    headers: { ...ETAG_HEADER, ...locationHeader('companies') },
  })
  @Idempotent()
  async create(
    @Body() body: CreateCompanyDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CompanyDto> {
    const company = await this.companies.create(body, { adoptIdentical: request.idempotentRetry });
    reply.header('location', `/v1/companies/${company.id}`);
    return this.withEtag(reply, company);
  }

  @Get()
  @RequireScope('profiles:read')
  @Costly({ pageLimitAtLeast: PAGE_LIMIT.max })
  @ApiOkResponse({ type: CompanyPageDto })
  list(@Query() query: ListCompaniesQueryDto): Promise<CompanyPageDto> {
    return this.companies.list(query);
  }

  @Get(':id')
  @RequireScope('profiles:read')
  @ApiOkResponse({
    type: CompanyDto,
    description: 'The company; `ETag` carries its version',
    headers: ETAG_HEADER,
  })
  async get(
    @Param() { id }: ResourceIdParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CompanyDto> {
    return this.withEtag(reply, await this.companies.get(id));
  }

  @Patch(':id')
  @RequireScope('profiles:write')
  @ApiIfMatch()
  @ApiOkResponse({
    type: CompanyDto,
    description: 'Updated; 412 when `If-Match` is stale',
    headers: ETAG_HEADER,
  })
  @Idempotent()
  async update(
    @Param() { id }: ResourceIdParams,
    @Body() body: UpdateCompanyDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CompanyDto> {
    const company = await this.companies.update(id, body, expectedVersion(ifMatch), {
      adoptIdentical: request.idempotentRetry,
    });
    return this.withEtag(reply, company);
  }

  @Delete(':id')
  @RequireScope('profiles:write')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiConflictResponse({
    description:
      'COMPANY_IN_USE: profiles still reference it, or are being written to reference it',
  })
  @Idempotent()
  async delete(@Param() { id }: ResourceIdParams): Promise<void> {
    await this.companies.delete(id);
  }

  @Get(':id/profiles')
  @RequireScope('profiles:read')
  @Costly({ pageLimitAtLeast: PAGE_LIMIT.max })
  @ApiOkResponse({ type: ProfilePageDto, description: 'Profiles whose current company this is' })
  listProfiles(
    @Param() { id }: ResourceIdParams,
    @Query() query: CompanyProfilesQueryDto,
  ): Promise<ProfilePageDto> {
    return this.profiles.listForCompany(id, query);
  }

  private withEtag(reply: FastifyReply, company: CompanyView): CompanyDto {
    reply.header('etag', etagOf(company.version));
    return company;
  }
}
