import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DatabaseModule } from '@scout/database';
import { EventsModule } from '@scout/events';
import { ResilienceModule } from '@scout/resilience';
import { EventOutboxRepository } from './repositories/event-outbox.repository';
import { WebhookDeliveryRepository } from './repositories/webhook-delivery.repository';
import { WebhookRepository } from './repositories/webhook.repository';
import { WebhookDelivery, WebhookDeliverySchema } from './schemas/webhook-delivery.schema';
import { Webhook, WebhookSchema } from './schemas/webhook.schema';
import { WebhookDeliverer } from './webhook-deliverer';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookQueue } from './webhook.queue';
import { WebhookSender } from './webhook-sender';
import { WebhooksService } from './webhooks.service';

/** The collections this lib owns, for its module and for the index sync step. */
export const WEBHOOK_MODELS = [
  { name: Webhook.name, schema: WebhookSchema },
  { name: WebhookDelivery.name, schema: WebhookDeliverySchema },
];

/**
 * Webhook registrations and delivery. The api uses WebhooksService; the worker runs the
 * dispatcher and the deliverer, with the database's BulkWriter and Redis and the resilience
 * lib's SharedCircuitBreaker.
 */
@Module({
  imports: [
    MongooseModule.forFeature(WEBHOOK_MODELS),
    DatabaseModule,
    ResilienceModule,
    EventsModule,
  ],
  providers: [
    WebhookRepository,
    WebhookDeliveryRepository,
    EventOutboxRepository,
    WebhookQueue,
    WebhookSender,
    WebhooksService,
    WebhookDispatcher,
    WebhookDeliverer,
  ],
  exports: [WebhooksService, WebhookDispatcher, WebhookDeliverer, WebhookQueue],
})
export class WebhooksModule {}
