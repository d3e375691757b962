import { Module } from '@nestjs/common';
import { AppConfig } from '@scout/config';
import {
  breakerSettings,
  OutboundPolicies,
  ResilienceModule,
  SharedCircuitBreaker,
} from '@scout/resilience';
import { WebhooksModule } from '@scout/webhooks';
import { WEBHOOK_POLICY } from './webhook-delivery.constants';
import { WebhookDeliverer } from './webhook-deliverer';
import { WebhookSender } from './webhook-sender';

/**
 * Webhook delivery, in the worker only: the deliverer and its sender, with the shared breaker of
 * the `webhook` policy, on top of the records and queue of `WebhooksModule`. Keeping it here is
 * what lets the api import `WebhooksModule` without loading the outbound policies. The breaker
 * takes its settings from the `webhooks` section, so tuning it never moves the scraper's.
 */
@Module({
  imports: [WebhooksModule, ResilienceModule],
  providers: [
    WebhookSender,
    WebhookDeliverer,
    {
      provide: SharedCircuitBreaker,
      useFactory: (policies: OutboundPolicies, config: AppConfig) =>
        policies.breaker(WEBHOOK_POLICY, breakerSettings(config.webhooks)),
      inject: [OutboundPolicies, AppConfig],
    },
  ],
  exports: [WebhookDeliverer, SharedCircuitBreaker],
})
export class WebhookDeliveryModule {}
