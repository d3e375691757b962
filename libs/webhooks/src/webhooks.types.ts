import type { EventType } from '@scout/events';
import type { DeliveryStatus } from './webhooks.constants';

/** A webhook as the api shows it: never its secret. */
export interface WebhookView {
  id: string;
  url: string;
  eventTypes: EventType[];
  enabled: boolean;
  disabledReason?: string;
  failingSince?: string;
  createdAt: string;
  updatedAt: string;
}

/** A stored webhook with its sealed secret, for delivery only. */
export interface WebhookRecord extends WebhookView {
  secretCiphertext: string;
}

/** The answer to a registration: the only time the signing secret is shown. */
export interface CreatedWebhook extends WebhookView {
  secret: string;
}

/** What a registration asks for. */
export interface WebhookInput {
  url: string;
  eventTypes: EventType[];
  enabled?: boolean;
}

/** A change to a registration; `enabled: true` also clears an automatic disable. */
export type WebhookPatch = Partial<WebhookInput>;

/** A delivery as the api shows it (no body: the event itself is what was sent). */
export interface DeliveryView {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  subject: { kind: string; id: string };
  sequence: number;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt?: string;
  lastAttemptAt?: string;
  lastResponseCode?: number;
  lastLatencyMs?: number;
  lastError?: string;
  deliveredAt?: string;
  createdAt: string;
}

/** A delivery with the exact body to send. */
export interface DeliveryRecord extends DeliveryView {
  body: string;
}

/** A delivery about to be recorded by the dispatcher. */
export interface NewDelivery {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  subject: { kind: string; id: string };
  sequence: number;
  body: string;
}

/** A committed event not yet dispatched, as the dispatcher reads it. */
export interface OutboxEvent {
  id: string;
  eventId: string;
  type: string;
  subject: { kind: string; id: string };
  sequence: number;
  occurredAt: Date;
  data: Record<string, unknown>;
}

/** What one attempt changed on a delivery. */
export interface AttemptRecord {
  status: DeliveryStatus;
  attempts: number;
  lastAttemptAt: Date;
  lastResponseCode?: number;
  lastLatencyMs: number;
  lastError?: string;
  nextAttemptAt?: Date;
  deliveredAt?: Date;
}
