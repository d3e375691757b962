import type { Redis } from 'ioredis';

/** Every key matching `pattern`, a SCAN page at a time (never KEYS, which blocks Redis). */
export async function* scanPages(redis: Redis, pattern = '*'): AsyncGenerator<string[]> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) yield keys;
  } while (cursor !== '0');
}

/** Every key matching `pattern`, one at a time. */
export async function* scanKeys(redis: Redis, pattern = '*'): AsyncGenerator<string> {
  for await (const page of scanPages(redis, pattern)) yield* page;
}
