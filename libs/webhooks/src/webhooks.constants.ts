/** The BullMQ queue that carries one job per delivery attempt round. */
export const WEBHOOKS_QUEUE = 'webhooks';

/** Job names of the webhooks queue. */
export enum WebhookJobName {
  Deliver = 'deliver',
}

/**
 * Lifecycle of one delivery (one event to one webhook). `pending`: not tried yet, or redelivery
 * requested; `retrying`: failed at least once, next attempt scheduled; `delivered`: a 2xx came
 * back; `dead`: attempts used up, or the webhook was disabled or deleted — a dead letter an
 * operator can redeliver.
 */
export const DELIVERY_STATUSES = ['pending', 'retrying', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Statuses a delivery still has to reach its receiver from. */
export const OPEN_DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'retrying'];

/** Why a webhook stopped receiving deliveries without anyone asking. */
export const DISABLED_REASONS = ['failing'] as const;
export type DisabledReason = (typeof DISABLED_REASONS)[number];

/** Prefix of Standard Webhooks signing secrets. */
export const SECRET_PREFIX = 'whsec_';

/** Random bytes in a new signing secret (Standard Webhooks asks for 24 to 64). */
export const SECRET_BYTES = 32;

/** Longest accepted webhook URL. */
export const MAX_URL_LENGTH = 2048;

/** Open deliveries the sweeper checks against the queue per round trip. */
export const SWEEP_PAGE = 200;
