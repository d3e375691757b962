import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequireScope } from '@scout/auth';
import { ErasureService, ExportService, SuppressionService } from '@scout/privacy';
import { ResourceIdParams } from '../shared/id-params.dto';
import {
  CreateErasureRequestDto,
  ErasureIdParams,
  ErasureReceiptDto,
  PersonExportDto,
  SuppressionHashParams,
} from './privacy.dto';
import { locationHeader } from '../shared/http-conditions';

/** `/v1/erasure-requests` and `/v1/suppressions`: thin delivery over the privacy lib. */
@ApiTags('privacy')
@Controller({ version: '1' })
export class ErasureRequestsController {
  constructor(
    private readonly erasures: ErasureService,
    private readonly suppressions: SuppressionService,
  ) {}

  @Post('erasure-requests')
  @RequireScope('privacy:write')
  @ApiCreatedResponse({
    type: ErasureReceiptDto,
    description: 'Erased; the body is the receipt',
    headers: locationHeader('erasure-requests'),
  })
  @ApiAcceptedResponse({
    type: ErasureReceiptDto,
    description:
      'Recorded and partly done; the maintenance queue finishes it (`waitingFor` says why)',
    headers: locationHeader('erasure-requests'),
  })
  async create(
    @Body() body: CreateErasureRequestDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ErasureReceiptDto> {
    const actor = request.principal ? `api-key:${request.principal.keyId}` : 'system';
    const receipt = await this.erasures.request(body.profile, actor);
    reply.code(receipt.state === 'completed' ? 201 : 202);
    reply.header('location', `/v1/erasure-requests/${receipt.id}`);
    return receipt;
  }

  @Get('erasure-requests/:id')
  @RequireScope('privacy:read')
  @ApiOkResponse({ type: ErasureReceiptDto, description: 'The receipt' })
  get(@Param() { id }: ErasureIdParams): Promise<ErasureReceiptDto> {
    return this.erasures.get(id);
  }

  @Delete('suppressions/:hash')
  @RequireScope('admin')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Lifted: the person may be collected again' })
  async lift(@Param() { hash }: SuppressionHashParams): Promise<void> {
    await this.suppressions.lift(hash);
  }
}

/** `GET /v1/profiles/:id/export`. */
@ApiTags('privacy')
@Controller({ path: 'profiles', version: '1' })
export class PersonExportController {
  constructor(private readonly exports: ExportService) {}

  @Get(':id/export')
  @RequireScope('privacy:read')
  @ApiOkResponse({ type: PersonExportDto, description: 'Everything Scout holds about the person' })
  export(@Param() { id }: ResourceIdParams): Promise<PersonExportDto> {
    return this.exports.export(id);
  }
}
