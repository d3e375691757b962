import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';

/** One place a scan found one of the needles. */
export interface ScanHit {
  where: string;
  needle: string;
  text: string;
}

function hitsIn(where: string, text: string, needles: readonly string[]): ScanHit[] {
  return needles
    .filter((needle) => text.includes(needle))
    .map((needle) => ({ where, needle, text: text.slice(0, 300) }));
}

/**
 * Every document of every collection the server lists (not a list from the code), searched for
 * the needles as plain substrings of its JSON; `allow` exempts documents that may keep one.
 */
export async function scanMongo(
  connection: Connection,
  needles: readonly string[],
  allow: (collection: string, doc: Record<string, unknown>) => boolean = () => false,
): Promise<ScanHit[]> {
  const db = connection.db;
  if (!db) throw new Error('not connected');
  const hits: ScanHit[] = [];
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    for (const doc of await db.collection(name).find({}).toArray()) {
      const found = hitsIn(`mongo:${name}`, JSON.stringify(doc), needles);
      if (found.length > 0 && !allow(name, doc)) hits.push(...found);
    }
  }
  return hits;
}

/**
 * Every Redis key (SCAN) and its value, read by type — strings, hashes, lists, sets, sorted
 * sets, streams — searched for the needles.
 */
export async function scanRedis(redis: Redis, needles: readonly string[]): Promise<ScanHit[]> {
  const hits: ScanHit[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      hits.push(...hitsIn(`redis-key:${key}`, key, needles));
      const value = await readValue(redis, key);
      hits.push(...hitsIn(`redis-value:${key}`, value, needles));
    }
  } while (cursor !== '0');
  return hits;
}

async function readValue(redis: Redis, key: string): Promise<string> {
  switch (await redis.type(key)) {
    case 'string':
      return (await redis.get(key)) ?? '';
    case 'hash':
      return JSON.stringify(await redis.hgetall(key));
    case 'list':
      return JSON.stringify(await redis.lrange(key, 0, -1));
    case 'set':
      return JSON.stringify(await redis.smembers(key));
    case 'zset':
      return JSON.stringify(await redis.zrange(key, '0', '-1', 'WITHSCORES'));
    case 'stream':
      return JSON.stringify(await redis.xrange(key, '-', '+'));
    default:
      return '';
  }
}
