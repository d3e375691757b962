import { Injectable, Logger } from '@nestjs/common';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { AppConfig } from '@scout/config';
import { type BreakerEffect, fullJitterBackoffMs, SharedCircuitBreaker } from '@scout/resilience';
import {
  type DeliveryRecord,
  OPEN_DELIVERY_STATUSES,
  SecretBox,
  WebhookDeliveryRepository,
  type WebhookRecord,
  WebhookRepository,
} from '@scout/webhooks';
import { CONCURRENCY_WAIT_MS } from './webhook-delivery.constants';
import { type SendResult, WebhookSender } from './webhook-sender';

/** What one run of a delivery job came to; the processor turns it into BullMQ terms. */
export type DeliveryOutcome =
  | { kind: 'delivered'; status: number }
  | { kind: 'dead'; reason: string }
  | { kind: 'skipped'; reason: string }
  /** A failed attempt; try again after `delayMs`. */
  | { kind: 'retry'; delayMs: number }
  /** No attempt made (breaker open, concurrency limit, not due yet); come back after `delayMs`. */
  | { kind: 'deferred'; delayMs: number };

/** The breaker key of a webhook: one breaker per registration, not per host. */
export function breakerKey(webhookId: string): string {
  return `webhook:${webhookId}`;
}

/** How an answer moves the webhook's breaker: 2xx closes, 429 is neutral, the rest fail. */
export function breakerEffectOfResult(result: SendResult): BreakerEffect {
  if (result.kind === 'failed') return result.refused ? 'neutral' : 'failure';
  if (result.status >= 200 && result.status < 300) return 'success';
  return result.status === 429 ? 'neutral' : 'failure';
}

/**
 * Makes one delivery attempt per job run: signs the stored body with the webhook's secret
 * (Standard Webhooks: `webhook-id` = event id, stable across retries, so receivers deduplicate),
 * POSTs it through {@link WebhookSender}, and records the outcome. Before the call it checks,
 * without spending an attempt, the per-webhook concurrency limit of this process
 * (`WEBHOOK_TARGET_CONCURRENCY`) and the webhook's circuit breaker (the shared breaker of
 * libs/resilience, keyed per webhook). After a failure: exponential backoff with full jitter,
 * never sooner than the receiver's `Retry-After`; a dead letter after `WEBHOOK_MAX_ATTEMPTS`;
 * and the webhook is disabled once it has failed without a success for `WEBHOOK_DISABLE_AFTER_MS`.
 */
@Injectable()
export class WebhookDeliverer {
  private readonly logger = new Logger('WebhookDeliverer');
  private readonly inFlight = new Map<string, number>();
  private readonly box: SecretBox;
  private readonly settings: AppConfig['webhooks'];

  constructor(
    config: AppConfig,
    private readonly webhooks: WebhookRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly breaker: SharedCircuitBreaker,
    private readonly sender: WebhookSender,
  ) {
    this.settings = config.webhooks;
    this.box = new SecretBox(config.webhooks.secretKeys);
  }

  /** Runs one attempt of a delivery, if it is still open and may go out now. */
  async handleDelivery(deliveryId: string): Promise<DeliveryOutcome> {
    const delivery = await this.deliveries.findById(deliveryId);
    if (!delivery) return { kind: 'skipped', reason: 'no such delivery' };
    if (!OPEN_DELIVERY_STATUSES.includes(delivery.status)) {
      return { kind: 'skipped', reason: `already ${delivery.status}` };
    }
    const webhook = await this.webhooks.findById(delivery.webhookId);
    if (!webhook || !webhook.enabled) {
      const reason = webhook ? 'webhook disabled' : 'webhook deleted';
      await this.deliveries.markDead(delivery.id, reason);
      return { kind: 'skipped', reason };
    }
    const dueInMs = delivery.nextAttemptAt ? Date.parse(delivery.nextAttemptAt) - Date.now() : 0;
    if (dueInMs > CONCURRENCY_WAIT_MS) return { kind: 'deferred', delayMs: dueInMs };
    if (!this.takeSlot(webhook.id)) {
      return { kind: 'deferred', delayMs: CONCURRENCY_WAIT_MS + Math.floor(Math.random() * 100) };
    }
    try {
      return await this.attempt(webhook, delivery);
    } finally {
      this.releaseSlot(webhook.id);
    }
  }

  private async attempt(
    webhook: WebhookRecord,
    delivery: DeliveryRecord,
  ): Promise<DeliveryOutcome> {
    const signer = new StandardWebhook(this.box.open(webhook.secretCiphertext));
    const permit = await this.breaker.admit(breakerKey(webhook.id));
    if (!permit.admitted) return { kind: 'deferred', delayMs: permit.retryAfterMs };
    const now = new Date();
    const result = await this.sender.send(webhook.url, delivery.body, {
      'webhook-id': delivery.eventId,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signer.sign(delivery.eventId, now, delivery.body),
      'user-agent': 'Scout-Webhooks/1',
    });
    await this.breaker.record(permit, breakerEffectOfResult(result));
    const attempts = delivery.attempts + 1;
    const common = {
      attempts,
      lastAttemptAt: now,
      lastLatencyMs: result.latencyMs,
      lastResponseCode: result.kind === 'answered' ? result.status : undefined,
    };
    if (result.kind === 'answered' && result.status >= 200 && result.status < 300) {
      await this.deliveries.recordAttempt(delivery.id, {
        ...common,
        status: 'delivered',
        deliveredAt: new Date(),
      });
      if (webhook.failingSince) await this.webhooks.markHealthy(webhook.id);
      return { kind: 'delivered', status: result.status };
    }

    const lastError =
      result.kind === 'answered' ? `the receiver answered ${result.status}` : result.reason;
    if (await this.disableIfFailingTooLong(webhook, now)) {
      const reason = 'webhook disabled: failing for longer than WEBHOOK_DISABLE_AFTER_MS';
      await this.deliveries.recordAttempt(delivery.id, {
        ...common,
        status: 'dead',
        lastError: reason,
      });
      return { kind: 'dead', reason };
    }
    if (attempts >= this.settings.maxAttempts) {
      await this.deliveries.recordAttempt(delivery.id, { ...common, status: 'dead', lastError });
      this.logger.warn(
        { deliveryId: delivery.id, webhookId: webhook.id, attempts },
        'delivery dead',
      );
      return { kind: 'dead', reason: lastError };
    }
    const retryAfterMs = result.kind === 'answered' ? (result.retryAfterMs ?? 0) : 0;
    const delayMs = Math.max(
      fullJitterBackoffMs(
        attempts - 1,
        this.settings.retryBaseDelayMs,
        this.settings.retryMaxDelayMs,
      ),
      retryAfterMs,
    );
    await this.deliveries.recordAttempt(delivery.id, {
      ...common,
      status: 'retrying',
      lastError,
      nextAttemptAt: new Date(now.getTime() + delayMs),
    });
    return { kind: 'retry', delayMs };
  }

  /** Starts or continues the webhook's failing period; disables it once it lasted too long. */
  private async disableIfFailingTooLong(webhook: WebhookRecord, now: Date): Promise<boolean> {
    if (!webhook.failingSince) {
      await this.webhooks.markFailing(webhook.id, now);
      return false;
    }
    if (now.getTime() - Date.parse(webhook.failingSince) < this.settings.disableAfterMs)
      return false;
    if (await this.webhooks.disable(webhook.id, 'failing')) {
      this.logger.warn({ webhookId: webhook.id }, 'webhook disabled: failing too long');
    }
    return true;
  }

  private takeSlot(webhookId: string): boolean {
    const current = this.inFlight.get(webhookId) ?? 0;
    if (current >= this.settings.targetConcurrency) return false;
    this.inFlight.set(webhookId, current + 1);
    return true;
  }

  private releaseSlot(webhookId: string): void {
    const current = (this.inFlight.get(webhookId) ?? 1) - 1;
    if (current <= 0) this.inFlight.delete(webhookId);
    else this.inFlight.set(webhookId, current);
  }
}
