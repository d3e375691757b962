import { Injectable, Logger } from '@nestjs/common';
import { Types } from 'mongoose';
import { AppConfig } from '@scout/config';
import { EventOutboxRepository } from './repositories/event-outbox.repository';
import { WebhookDeliveryRepository } from './repositories/webhook-delivery.repository';
import { WebhookRepository } from './repositories/webhook.repository';
import { WebhookQueue } from './webhook.queue';
import { SWEEP_PAGE } from './webhooks.constants';
import type { NewDelivery, OutboxEvent } from './webhooks.types';

/** The JSON receivers get: only the fields of the public contract, in a fixed order. */
export function receiverPayload(event: OutboxEvent): string {
  return JSON.stringify({
    id: event.eventId,
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    subject: event.subject,
    sequence: event.sequence,
    data: event.data,
  });
}

/**
 * Moves committed events to their receivers' queues, in three steps that are each safe to
 * repeat: (1) record one delivery per matching enabled webhook (unique per webhook and event),
 * (2) add a queue job per new delivery (job id = delivery id), (3) set the event's
 * `dispatchedAt`. A crash between steps repeats earlier ones harmlessly on the next round; a
 * queue that lost jobs (Redis down at step 2, flushed, or a crash after step 1) is repaired by
 * {@link sweep}, which re-adds every open delivery the queue does not hold. So an event, once
 * committed, always reaches every webhook that matched it when it was dispatched.
 */
@Injectable()
export class WebhookDispatcher {
  private readonly logger = new Logger('WebhookDispatcher');

  constructor(
    private readonly config: AppConfig,
    private readonly outbox: EventOutboxRepository,
    private readonly webhooks: WebhookRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly queue: WebhookQueue,
  ) {}

  /** Dispatches one batch of events; returns how many events it handled (0: none waiting). */
  async dispatchOnce(): Promise<number> {
    const events = await this.outbox.findUndispatched(this.config.webhooks.dispatchBatchSize);
    if (events.length === 0) return 0;
    const webhooks = await this.webhooks.findEnabled();
    const planned: NewDelivery[] = [];
    for (const event of events) {
      const body = receiverPayload(event);
      for (const webhook of webhooks) {
        if (!(webhook.eventTypes as string[]).includes(event.type)) continue;
        planned.push({
          id: new Types.ObjectId().toHexString(),
          webhookId: webhook.id,
          eventId: event.eventId,
          eventType: event.type,
          subject: event.subject,
          sequence: event.sequence,
          body,
        });
      }
    }
    const inserted = await this.deliveries.insertNew(planned);
    try {
      await this.queue.enqueue(inserted.map((deliveryId) => ({ deliveryId })));
    } catch (error) {
      // Recorded is enough to mark the events: the sweeper enqueues what Redis did not take.
      this.logger.warn(
        { deliveries: inserted.length, errName: (error as Error).name },
        'could not enqueue deliveries; the sweeper will',
      );
    }
    await this.outbox.markDispatched(
      events.map((event) => event.id),
      new Date(),
    );
    return events.length;
  }

  /** Re-adds open deliveries whose queue job is missing or finished. */
  async sweep(): Promise<{ checked: number; enqueued: number }> {
    let checked = 0;
    let enqueued = 0;
    let afterId: string | undefined;
    for (;;) {
      const page = await this.deliveries.findOpenPage(SWEEP_PAGE, afterId);
      if (page.length === 0) break;
      afterId = page[page.length - 1].id;
      checked += page.length;
      const presence = await this.queue.presence(page.map((delivery) => delivery.id));
      for (const delivery of page) {
        if (presence.get(delivery.id) === 'present') continue;
        const due = delivery.nextAttemptAt ? Date.parse(delivery.nextAttemptAt) : Date.now();
        if (await this.queue.ensureQueued(delivery.id, Math.max(0, due - Date.now()))) enqueued++;
      }
      if (page.length < SWEEP_PAGE) break;
    }
    if (enqueued > 0) {
      this.logger.warn({ checked, enqueued }, 'sweeper enqueued deliveries missing from the queue');
    }
    return { checked, enqueued };
  }
}
