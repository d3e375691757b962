import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireScope } from '@scout/auth';
import { WebhooksService } from '@scout/webhooks';
import {
  CreatedWebhookDto,
  CreateWebhookDto,
  DeliveryDto,
  DeliveryIdParams,
  DeliveryPageDto,
  ListDeliveriesQueryDto,
  UpdateWebhookDto,
  WebhookDto,
  WebhookIdParams,
  WebhookPageDto,
} from './webhook.dto';
import { PageQueryDto } from '../shared/page.dto';
import { locationHeader } from '../shared/http-conditions';

const REFUSED_URL = {
  description:
    'INVALID_WEBHOOK_TARGET: the URL is not http(s), has user info, or its host is private',
};

/** `/v1/webhooks`: registrations and their deliveries, for admins only; thin over WebhooksService. */
@ApiTags('webhooks')
@RequireScope('admin')
@Controller({ path: 'webhooks', version: '1' })
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiCreatedResponse({
    type: CreatedWebhookDto,
    description: 'Registered; the answer carries the signing secret, shown this once only',
    headers: locationHeader('webhooks'),
  })
  @ApiBadRequestResponse(REFUSED_URL)
  async create(
    @Body() body: CreateWebhookDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreatedWebhookDto> {
    const created = await this.webhooks.create(body);
    reply.header('location', `/v1/webhooks/${created.id}`);
    return created;
  }

  @Get()
  @ApiOkResponse({ type: WebhookPageDto, description: 'Newest first' })
  list(@Query() query: PageQueryDto): Promise<WebhookPageDto> {
    return this.webhooks.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: WebhookDto })
  get(@Param() { id }: WebhookIdParams): Promise<WebhookDto> {
    return this.webhooks.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: WebhookDto, description: 'Updated' })
  @ApiBadRequestResponse(REFUSED_URL)
  update(@Param() { id }: WebhookIdParams, @Body() body: UpdateWebhookDto): Promise<WebhookDto> {
    return this.webhooks.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted, with its deliveries' })
  async delete(@Param() { id }: WebhookIdParams): Promise<void> {
    await this.webhooks.delete(id);
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: DeliveryPageDto, description: 'Newest first' })
  listDeliveries(
    @Param() { id }: WebhookIdParams,
    @Query() query: ListDeliveriesQueryDto,
  ): Promise<DeliveryPageDto> {
    return this.webhooks.listDeliveries(id, query);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: DeliveryDto,
    description: 'Queued again for a fresh round of attempts (same event id and body)',
  })
  redeliver(@Param() { id, deliveryId }: DeliveryIdParams): Promise<DeliveryDto> {
    return this.webhooks.redeliver(id, deliveryId);
  }
}
