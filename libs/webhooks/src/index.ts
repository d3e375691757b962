export { WEBHOOK_MODELS, WebhooksModule } from './webhooks.module';
export { WebhooksService } from './webhooks.service';
export { receiverPayload, WebhookDispatcher } from './webhook-dispatcher';
export { WebhookRepository } from './repositories/webhook.repository';
export { WebhookDeliveryRepository } from './repositories/webhook-delivery.repository';
export { SecretBox } from './secret-box';
export { parseWebhookUrl, targetErrorOf } from './webhook-target';
export { parseDeliveryJobPayload, type DeliveryJobPayload, WebhookQueue } from './webhook.queue';
export {
  DELIVERY_STATUSES,
  type DeliveryStatus,
  DISABLED_REASONS,
  MAX_URL_LENGTH,
  OPEN_DELIVERY_STATUSES,
  WEBHOOKS_QUEUE,
  WebhookJobName,
} from './webhooks.constants';
export type {
  CreatedWebhook,
  DeliveryRecord,
  DeliveryView,
  WebhookInput,
  WebhookPatch,
  WebhookRecord,
  WebhookView,
} from './webhooks.types';
