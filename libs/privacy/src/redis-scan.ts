import { Cluster, type Redis } from 'ioredis';
import type { RedisConnection } from '@scout/database';

/**
 * Every key matching `pattern`, a SCAN page at a time (never KEYS, which blocks Redis); on a
 * cluster, every primary's key space in turn.
 */
export async function* scanPages(redis: RedisConnection, pattern = '*'): AsyncGenerator<string[]> {
  const nodes: Redis[] = redis instanceof Cluster ? redis.nodes('master') : [redis];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) yield keys;
    } while (cursor !== '0');
  }
}

/** Every key matching `pattern`, one at a time. */
export async function* scanKeys(redis: RedisConnection, pattern = '*'): AsyncGenerator<string> {
  for await (const page of scanPages(redis, pattern)) yield* page;
}
