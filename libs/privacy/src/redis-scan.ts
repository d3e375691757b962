import type { Redis } from 'ioredis';

/** Every key matching `pattern`, by SCAN (never KEYS, which blocks Redis). */
export async function* scanKeys(redis: Redis, pattern = '*'): AsyncGenerator<string> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    yield* keys;
  } while (cursor !== '0');
}
