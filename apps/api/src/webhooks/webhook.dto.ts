import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import { ErrorCode, IsOmittable } from '@scout/common';
import { EVENT_SUBJECT_KINDS, EVENT_TYPES, type EventType } from '@scout/events';
import { DELIVERY_STATUSES, type DeliveryStatus, MAX_URL_LENGTH } from '@scout/webhooks';
import { JOB_ID } from '../shared/formats';
import { PageInfoDto, PageQueryDto } from '../shared/page.dto';

const INVALID_ID = { errorCode: ErrorCode.InvalidId };

/** `:id` of `/v1/webhooks/:id`; anything else is 400 `INVALID_ID`. */
export class WebhookIdParams {
  @ApiProperty({ description: 'The webhook’s ObjectId', example: '6650f1c2a1b2c3d4e5f6071b' })
  @Matches(JOB_ID, {
    message: 'id must be a 24-character lower-case ObjectId',
    context: INVALID_ID,
  })
  id!: string;
}

/** `:id` and `:deliveryId` of a delivery route. */
export class DeliveryIdParams extends WebhookIdParams {
  @ApiProperty({ description: 'The delivery’s ObjectId', example: '6650f1c2a1b2c3d4e5f6071c' })
  @Matches(JOB_ID, {
    message: 'deliveryId must be a 24-character lower-case ObjectId',
    context: INVALID_ID,
  })
  deliveryId!: string;
}

/** Body of `POST /v1/webhooks`. */
export class CreateWebhookDto {
  @ApiProperty({
    example: 'https://hooks.example.com/scout',
    description:
      'Where deliveries are POSTed. http(s) only, no user info; the host must be public ' +
      '(not loopback, private, link-local or reserved) unless the operator allowlisted it.',
    maxLength: MAX_URL_LENGTH,
  })
  @IsString()
  @Length(1, MAX_URL_LENGTH)
  url!: string;

  @ApiProperty({ enum: EVENT_TYPES, isArray: true, example: ['profile.updated'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(EVENT_TYPES, { each: true })
  eventTypes!: EventType[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** Body of `PATCH /v1/webhooks/:id`: any subset; `enabled: true` also clears an automatic disable. */
export class UpdateWebhookDto {
  @ApiPropertyOptional({ example: 'https://hooks.example.com/scout', maxLength: MAX_URL_LENGTH })
  @IsOmittable()
  @IsString()
  @Length(1, MAX_URL_LENGTH)
  url?: string;

  @ApiPropertyOptional({ enum: EVENT_TYPES, isArray: true })
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(EVENT_TYPES, { each: true })
  eventTypes?: EventType[];

  @ApiPropertyOptional()
  @IsOmittable()
  @IsBoolean()
  enabled?: boolean;
}

/** A webhook as the API returns it: never its secret. */
export class WebhookDto {
  @ApiProperty({ example: '6650f1c2a1b2c3d4e5f6071b' })
  id!: string;

  @ApiProperty({ example: 'https://hooks.example.com/scout' })
  url!: string;

  @ApiProperty({ enum: EVENT_TYPES, isArray: true })
  eventTypes!: EventType[];

  @ApiProperty()
  enabled!: boolean;

  @ApiPropertyOptional({
    enum: ['failing'],
    description: 'Set when Scout disabled the webhook after failing for WEBHOOK_DISABLE_AFTER_MS',
  })
  disabledReason?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Start of the current run of failed attempts; absent while deliveries succeed',
  })
  failingSince?: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

/** The answer to `POST /v1/webhooks`: the only response that carries the signing secret. */
export class CreatedWebhookDto extends WebhookDto {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description:
      'Standard Webhooks signing secret. Shown only here; Scout stores it encrypted and never returns it again.',
  })
  secret!: string;
}

/** One page of webhooks. */
export class WebhookPageDto {
  @ApiProperty({ type: [WebhookDto] })
  data!: WebhookDto[];

  @ApiProperty({ type: PageInfoDto })
  page!: PageInfoDto;
}

/** Query of `GET /v1/webhooks/:id/deliveries`. */
export class ListDeliveriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

/** What an event is about. */
export class EventSubjectDto {
  @ApiProperty({ enum: EVENT_SUBJECT_KINDS })
  kind!: string;

  @ApiProperty({ example: '6650f1c2a1b2c3d4e5f60718' })
  id!: string;
}

/** One event's delivery to one webhook. */
export class DeliveryDto {
  @ApiProperty({ example: '6650f1c2a1b2c3d4e5f6071c' })
  id!: string;

  @ApiProperty({ example: '6650f1c2a1b2c3d4e5f6071b' })
  webhookId!: string;

  @ApiProperty({ description: 'The event id; sent as `webhook-id`, the same on every attempt' })
  eventId!: string;

  @ApiProperty({ enum: EVENT_TYPES })
  eventType!: string;

  @ApiProperty({ type: EventSubjectDto })
  subject!: EventSubjectDto;

  @ApiProperty({ example: 3 })
  sequence!: number;

  @ApiProperty({ enum: DELIVERY_STATUSES })
  status!: DeliveryStatus;

  @ApiProperty({ description: 'Attempts since the delivery was recorded or last redelivered' })
  attempts!: number;

  @ApiPropertyOptional({ format: 'date-time' })
  nextAttemptAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  lastAttemptAt?: string;

  @ApiPropertyOptional({ description: 'HTTP status of the last answer; absent when none came' })
  lastResponseCode?: number;

  @ApiPropertyOptional({ description: 'Duration of the last attempt in milliseconds' })
  lastLatencyMs?: number;

  @ApiPropertyOptional({ example: 'the receiver answered 503' })
  lastError?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  deliveredAt?: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

/** One page of deliveries. */
export class DeliveryPageDto {
  @ApiProperty({ type: [DeliveryDto] })
  data!: DeliveryDto[];

  @ApiProperty({ type: PageInfoDto })
  page!: PageInfoDto;
}
