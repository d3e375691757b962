import { z } from 'zod';
import { type EnvBinding, positiveInt, secretList } from './primitives';

/** Change events and the webhooks that deliver them. */
export const webhookSections = {
  events: z.object({
    reconcileAfterMs: positiveInt.max(86_400_000),
  }),
  webhooks: z.object({
    secretKeys: secretList('to encrypt webhook signing secrets at rest'),
    allowedHosts: z.array(
      z
        .string()
        .regex(/^[a-z0-9.:[\]-]+$/i, 'must be host names or IP addresses, without scheme or port'),
    ),
    timeoutMs: positiveInt.max(60_000),
    maxAttempts: positiveInt.max(100),
    retryBaseDelayMs: positiveInt,
    retryMaxDelayMs: positiveInt,
    targetConcurrency: positiveInt.max(1_000),
    breakerThreshold: positiveInt.max(1_000),
    breakerHalfOpenAfterMs: positiveInt,
    disableAfterMs: positiveInt,
    dispatchEveryMs: positiveInt.max(60_000),
    dispatchBatchSize: positiveInt.max(1_000),
  }),
};

/** Environment variables of the events and webhooks sections. */
export const WEBHOOKS_ENV: EnvBinding[] = [
  { env: 'EVENTS_RECONCILE_AFTER_MS', path: 'events.reconcileAfterMs', kind: 'int' },
  { env: 'WEBHOOK_SECRET_KEY', path: 'webhooks.secretKeys', kind: 'list' },
  { env: 'WEBHOOK_ALLOWED_HOSTS', path: 'webhooks.allowedHosts', kind: 'list' },
  { env: 'WEBHOOK_TIMEOUT_MS', path: 'webhooks.timeoutMs', kind: 'int' },
  { env: 'WEBHOOK_MAX_ATTEMPTS', path: 'webhooks.maxAttempts', kind: 'int' },
  { env: 'WEBHOOK_RETRY_BASE_DELAY_MS', path: 'webhooks.retryBaseDelayMs', kind: 'int' },
  { env: 'WEBHOOK_RETRY_MAX_DELAY_MS', path: 'webhooks.retryMaxDelayMs', kind: 'int' },
  { env: 'WEBHOOK_TARGET_CONCURRENCY', path: 'webhooks.targetConcurrency', kind: 'int' },
  { env: 'WEBHOOK_BREAKER_THRESHOLD', path: 'webhooks.breakerThreshold', kind: 'int' },
  {
    env: 'WEBHOOK_BREAKER_HALF_OPEN_AFTER_MS',
    path: 'webhooks.breakerHalfOpenAfterMs',
    kind: 'int',
  },
  { env: 'WEBHOOK_DISABLE_AFTER_MS', path: 'webhooks.disableAfterMs', kind: 'int' },
  { env: 'WEBHOOK_DISPATCH_EVERY_MS', path: 'webhooks.dispatchEveryMs', kind: 'int' },
  { env: 'WEBHOOK_DISPATCH_BATCH_SIZE', path: 'webhooks.dispatchBatchSize', kind: 'int' },
];
