import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AppConfig } from '@scout/config';
import { DatabaseModule } from '@scout/database';
import { EventsModule } from '@scout/events';
import {
  breakerSettings,
  OutboundPolicies,
  ResilienceModule,
  SharedCircuitBreaker,
} from '@scout/resilience';
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

/** The outbound policy of webhook deliveries: its breakers never share state with the scraper's. */
export const WEBHOOK_POLICY = 'webhook';

/**
 * Webhook registrations and the relay of events into deliveries: what the api needs (the
 * service) and what the worker's relay runs (the dispatcher), with the database's BulkWriter and
 * Redis. Sending is {@link WebhookDeliveryModule}'s, so the api boots no outbound policy.
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

/**
 * Webhook delivery, for the worker only: the deliverer and its sender, with the shared breaker of
 * the `webhook` policy. Its settings are the ones deliveries have always had (the breaker
 * threshold, half-open delay and timeout of the `scraping` section).
 */
@Module({
  imports: [WebhooksModule, ResilienceModule],
  providers: [
    WebhookSender,
    WebhookDeliverer,
    {
      provide: SharedCircuitBreaker,
      useFactory: (policies: OutboundPolicies, config: AppConfig) =>
        policies.breaker(WEBHOOK_POLICY, breakerSettings(config.scraping)),
      inject: [OutboundPolicies, AppConfig],
    },
  ],
  exports: [WebhookDeliverer, SharedCircuitBreaker],
})
export class WebhookDeliveryModule {}
