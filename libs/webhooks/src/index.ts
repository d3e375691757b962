export {
  WEBHOOK_MODELS,
  WEBHOOK_POLICY,
  WebhookDeliveryModule,
  WebhooksModule,
} from './webhooks.module';
export { WebhooksService } from './webhooks.service';
export { receiverPayload, WebhookDispatcher } from './webhook-dispatcher';
export { type DeliveryOutcome, WebhookDeliverer } from './webhook-deliverer';
export { parseDeliveryJobPayload, type DeliveryJobPayload, WebhookQueue } from './webhook.queue';
export {
  DELIVERY_STATUSES,
  type DeliveryStatus,
  DISABLED_REASONS,
  MAX_URL_LENGTH,
  WEBHOOKS_QUEUE,
  WebhookJobName,
} from './webhooks.constants';
export type {
  CreatedWebhook,
  DeliveryView,
  WebhookInput,
  WebhookPatch,
  WebhookView,
} from './webhooks.types';
