import { Injectable } from '@nestjs/common';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { QueueMetrics, reportError } from '@scout/observability';
import { parseDeliveryJobPayload, WEBHOOKS_QUEUE } from '@scout/webhooks';
import type { QueueProcessor } from '../queues/queue-registry';
import { WebhookDeliverer } from '../webhooks/webhook-deliverer';

/** Error code of a job whose payload is not a delivery (reported in metrics). */
const INVALID_PAYLOAD = 'INVALID_PAYLOAD';

/**
 * Thin delivery for the webhooks queue: validate the payload, run one attempt, and translate
 * the outcome: a retry or a deferral goes back to the delayed set (no BullMQ attempt spent, the
 * delivery record counts attempts), everything else completes the job. Unexpected errors
 * (MongoDB unreachable) are retried by BullMQ; the delivery record stays open meanwhile.
 */
@Injectable()
export class WebhookProcessor implements QueueProcessor {
  constructor(
    private readonly deliverer: WebhookDeliverer,
    private readonly metrics: QueueMetrics,
  ) {}

  async process(job: Job, token?: string): Promise<Record<string, unknown>> {
    const finish = this.metrics.startJob(WEBHOOKS_QUEUE);
    let deliveryId: string;
    try {
      deliveryId = parseDeliveryJobPayload(job.data).deliveryId;
    } catch (error) {
      finish('failed', INVALID_PAYLOAD);
      reportError(error, { job: job.name, jobId: job.id, code: INVALID_PAYLOAD });
      throw new UnrecoverableError((error as Error).message);
    }
    const outcome = await this.deliverer.handleDelivery(deliveryId);
    switch (outcome.kind) {
      case 'delivered':
        finish('succeeded');
        return { delivered: outcome.status };
      case 'dead':
        finish('failed', 'DEAD');
        return { dead: outcome.reason };
      case 'skipped':
        finish('skipped');
        return { skipped: outcome.reason };
      case 'retry':
      case 'deferred':
        finish(outcome.kind === 'retry' ? 'retrying' : 'deferred');
        await job.moveToDelayed(Date.now() + outcome.delayMs, token);
        throw new DelayedError();
    }
  }
}
