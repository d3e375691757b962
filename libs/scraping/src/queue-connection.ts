import { Injectable } from '@nestjs/common';
import { RedisClientFactory, type RedisConnection } from '@scout/database';

/**
 * The one Redis connection every producer in a process shares, so splitting producers per queue
 * does not add connections. The factory closes it at shutdown, after the queues have closed.
 */
@Injectable()
export class QueueConnection {
  readonly client: RedisConnection;

  constructor(factory: RedisClientFactory) {
    this.client = factory.create('queue', { maxRetriesPerRequest: 1 });
  }
}

/** Redis did not answer within `QUEUE_ENQUEUE_TIMEOUT_MS`. */
export class QueueTimeoutError extends Error {
  override readonly name = 'QueueTimeoutError';
}

/**
 * Rejects with QueueTimeoutError when Redis takes longer than the enqueue timeout, so a frozen
 * Redis costs a request or the sweeper that long and no more. The call itself may still land
 * later; every caller is safe to repeat (same job id, same scheduler id).
 */
export function withinEnqueueTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new QueueTimeoutError(`Redis did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
