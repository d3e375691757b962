import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { type JobsOptions, Queue } from 'bullmq';
import { AppConfig } from '@scout/config';
import { RedisClientFactory } from '@scout/database';
import { WEBHOOKS_QUEUE, WebhookJobName } from './webhooks.constants';

/** The payload of a delivery job: only the record's id; the record holds everything else. */
export interface DeliveryJobPayload {
  deliveryId: string;
}

/** Reads a job's payload; throws on anything that is not one. */
export function parseDeliveryJobPayload(data: unknown): DeliveryJobPayload {
  const deliveryId = (data as { deliveryId?: unknown } | null)?.deliveryId;
  if (typeof deliveryId !== 'string' || !/^[0-9a-f]{24}$/.test(deliveryId)) {
    throw new Error('payload.deliveryId must be a 24-character ObjectId');
  }
  return { deliveryId };
}

/** Where a delivery stands in the queue. */
export type DeliveryPresence = 'present' | 'missing' | 'finished';

/**
 * The typed producer of the `webhooks` queue. The BullMQ job id is the delivery's id, so adding
 * a delivery again — the dispatcher, the sweeper and a redelivery all may — is a no-op while its
 * job exists. Each Redis command is bounded by `REDIS_COMMAND_TIMEOUT_MS`.
 */
@Injectable()
export class WebhookQueue implements OnModuleDestroy {
  private readonly logger = new Logger('WebhookQueue');
  private readonly queue: Queue;

  constructor(
    factory: RedisClientFactory,
    private readonly config: AppConfig,
  ) {
    this.queue = new Queue(WEBHOOKS_QUEUE, {
      connection: factory.create('webhooks-queue', { maxRetriesPerRequest: 1 }),
      prefix: config.queue.prefix,
    });
    this.queue.on('error', (error: Error) =>
      this.logger.warn({ queue: WEBHOOKS_QUEUE, errName: error.name }, 'queue error'),
    );
  }

  /** Adds delivery jobs in one round trip; `delayMs` defers a job's first run. */
  async enqueue(items: ReadonlyArray<{ deliveryId: string; delayMs?: number }>): Promise<void> {
    if (items.length === 0) return;
    await this.queue.addBulk(
      items.map(({ deliveryId, delayMs }) => ({
        name: WebhookJobName.Deliver,
        data: { deliveryId } satisfies DeliveryJobPayload,
        opts: this.jobOptions(deliveryId, delayMs),
      })),
    );
  }

  /** Where each delivery's job stands. */
  async presence(deliveryIds: readonly string[]): Promise<Map<string, DeliveryPresence>> {
    const jobs = await Promise.all(deliveryIds.map((id) => this.queue.getJob(id)));
    return new Map(
      deliveryIds.map((id, index) => {
        const job = jobs[index];
        const state: DeliveryPresence = !job ? 'missing' : job.finishedOn ? 'finished' : 'present';
        return [id, state];
      }),
    );
  }

  /**
   * Makes the queue run a delivery: nothing when its job is waiting, delayed or running; a
   * finished job is replaced by a new one. Returns whether a job was added.
   */
  async ensureQueued(deliveryId: string, delayMs = 0): Promise<boolean> {
    const job = await this.queue.getJob(deliveryId);
    if (job && !job.finishedOn) return false;
    if (job) await job.remove();
    await this.enqueue([{ deliveryId, delayMs }]);
    return true;
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
  }

  private jobOptions(deliveryId: string, delayMs: number | undefined): JobsOptions {
    return {
      jobId: deliveryId,
      ...(delayMs !== undefined && delayMs > 0 ? { delay: Math.ceil(delayMs) } : {}),
      // Attempts and backoff of the queue cover only unexpected errors (MongoDB unreachable);
      // receiver failures are retried by the deliverer with its own backoff.
      attempts: this.config.queue.jobAttempts,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: { count: this.config.queue.keepCompleted },
      removeOnFail: { count: this.config.queue.keepFailed },
    };
  }
}
