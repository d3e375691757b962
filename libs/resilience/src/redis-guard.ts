import type { RedisConnection } from '@scout/database';

/**
 * Runs a Redis call only while the client is connected and bounds it by `timeoutMs`; anything
 * else rejects at once. The shared client does not queue commands while disconnected, and a
 * connected but stalled Redis must not stall outbound calls either, so callers can fall back to
 * their in-process state right away.
 */
export function guardedRedisCall<T>(
  redis: RedisConnection,
  timeoutMs: number,
  call: () => Promise<T>,
): Promise<T> {
  if (redis.status !== 'ready') {
    return Promise.reject(new Error(`Redis is not connected (status ${redis.status})`));
  }
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Redis gave no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    timer.unref();
  });
  return Promise.race([call(), deadline]).finally(() => clearTimeout(timer));
}

/** Loggable fields of a Redis failure: its name and message (Redis errors carry no page data). */
export function errorFields(error: unknown): { errName: string; errMessage?: string } {
  return error instanceof Error
    ? { errName: error.name, errMessage: error.message }
    : { errName: typeof error };
}
