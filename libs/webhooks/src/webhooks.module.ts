import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DatabaseModule } from '@scout/database';
import { EventsModule } from '@scout/events';
import { EventOutboxRepository } from './repositories/event-outbox.repository';
import { WebhookDeliveryRepository } from './repositories/webhook-delivery.repository';
import { WebhookRepository } from './repositories/webhook.repository';
import { WebhookDelivery, WebhookDeliverySchema } from './schemas/webhook-delivery.schema';
import { Webhook, WebhookSchema } from './schemas/webhook.schema';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookQueue } from './webhook.queue';
import { WebhooksService } from './webhooks.service';

/** The collections this lib owns, for its module and for the index sync step. */
export const WEBHOOK_MODELS = [
  { name: Webhook.name, schema: WebhookSchema },
  { name: WebhookDelivery.name, schema: WebhookDeliverySchema },
];

/**
 * Webhook registrations and the relay of events into deliveries: what the api needs (the
 * service) and what the worker's relay runs (the dispatcher), with the database's BulkWriter and
 * Redis. Sending lives in the worker (its `WebhookDeliveryModule`), so the api loads no
 * outbound policy.
 */
@Module({
  imports: [MongooseModule.forFeature(WEBHOOK_MODELS), DatabaseModule, EventsModule],
  providers: [
    WebhookRepository,
    WebhookDeliveryRepository,
    EventOutboxRepository,
    WebhookQueue,
    WebhooksService,
    WebhookDispatcher,
  ],
  exports: [
    WebhooksService,
    WebhookDispatcher,
    WebhookQueue,
    WebhookRepository,
    WebhookDeliveryRepository,
  ],
})
export class WebhooksModule {}
