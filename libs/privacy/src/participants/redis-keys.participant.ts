import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type ChainableCommander, Cluster } from 'ioredis';
import { AppConfig } from '@scout/config';
import { InjectRedis, type RedisConnection } from '@scout/database';
import { ERASURE_ORDER, ErasureParticipants } from '../erasure-participants';
import { PersonMatcher } from '../person-matcher';
import type { ErasureParticipant, ErasureSubject } from '../privacy.types';
import { scanPages } from '../redis-scan';

/** The one read of a key's whole value, per Redis type. */
const READERS: Record<string, (pipeline: ChainableCommander, key: string) => void> = {
  string: (p, key) => p.get(key),
  hash: (p, key) => p.hgetall(key),
  list: (p, key) => p.lrange(key, 0, -1),
  set: (p, key) => p.smembers(key),
  zset: (p, key) => p.zrange(key, '0', '-1'),
  stream: (p, key) => p.xrange(key, '-', '+'),
};

/** What of one key's value mentions the person, from the value its reader returned. */
function findIn(
  key: string,
  type: string,
  value: unknown,
  matcher: PersonMatcher,
): KeyFinding | undefined {
  const some = (members: string[]): KeyFinding | undefined =>
    members.length > 0 ? { key, whole: false, type, members } : undefined;
  switch (type) {
    case 'string':
      return matcher.matches(value as string | null) ? { key, whole: true } : undefined;
    case 'hash':
      return some(
        Object.entries((value ?? {}) as Record<string, string>)
          .filter(([field, text]) => matcher.matches(field) || matcher.matches(text))
          .map(([field]) => field),
      );
    case 'stream':
      return some(
        ((value ?? []) as Array<[string, string[]]>)
          .filter(([, fields]) => matcher.matches(fields.join('\u0000')))
          .map(([id]) => id),
      );
    default:
      return some(((value ?? []) as string[]).filter((member) => matcher.matches(member)));
  }
}

/** What to remove from one key: all of it, or some of its members. */
type KeyFinding =
  { key: string; whole: true } | { key: string; whole: false; type: string; members: string[] };

/**
 * The search of the whole Redis key space outside the queues (the queues participant owns those
 * keys): a key whose name mentions the person is deleted; otherwise its value is read by type
 * (string, hash, list, set, sorted set, stream) and what mentions the person is removed — the
 * key, a hash field, list or set members, stream entries.
 */
@Injectable()
export class RedisKeysParticipant implements ErasureParticipant, OnModuleInit {
  readonly store = 'redis';
  readonly exhaustive = true;

  constructor(
    @InjectRedis() private readonly redis: RedisConnection,
    private readonly config: AppConfig,
    private readonly registry: ErasureParticipants,
  ) {}

  onModuleInit(): void {
    this.registry.register(this, ERASURE_ORDER.redisKeys);
  }

  async find(subject: ErasureSubject): Promise<number> {
    return (await this.search(subject)).length;
  }

  async remove(subject: ErasureSubject): Promise<number> {
    const findings = await this.search(subject);
    for (const finding of findings) await this.erase(finding);
    return findings.length;
  }

  private async search(subject: ErasureSubject): Promise<KeyFinding[]> {
    if (!this.config.privacy.erasureScan) return [];
    const matcher = new PersonMatcher(subject, subject.scrapeJobIds);
    const queuePrefix = `${this.config.queue.prefix}:`;
    const findings: KeyFinding[] = [];
    for await (const page of scanPages(this.redis)) {
      const unnamed: string[] = [];
      for (const key of page) {
        if (key.startsWith(queuePrefix)) continue;
        if (matcher.matches(key)) findings.push({ key, whole: true });
        else unnamed.push(key);
      }
      findings.push(...(await this.inspect(unnamed, matcher)));
    }
    return findings;
  }

  /**
   * Reads the values of a page of keys by type, in two pipelined round trips; on a cluster, whose
   * pipelines take one slot only, a key at a time.
   */
  private async inspect(keys: string[], matcher: PersonMatcher): Promise<KeyFinding[]> {
    if (keys.length === 0) return [];
    if (this.redis instanceof Cluster && keys.length > 1) {
      const findings: KeyFinding[] = [];
      for (const key of keys) findings.push(...(await this.inspect([key], matcher)));
      return findings;
    }
    const typing = this.redis.pipeline();
    for (const key of keys) typing.type(key);
    const types = ((await typing.exec()) ?? []).map(([, type]) => String(type));
    const reading = this.redis.pipeline();
    keys.forEach((key, i) => READERS[types[i]]?.(reading, key));
    const values = (await reading.exec()) ?? [];
    const findings: KeyFinding[] = [];
    let next = 0;
    keys.forEach((key, i) => {
      const type = types[i];
      if (!READERS[type]) return;
      const [, value] = values[next++] ?? [];
      const finding = findIn(key, type, value, matcher);
      if (finding) findings.push(finding);
    });
    return findings;
  }

  private async erase(finding: KeyFinding): Promise<void> {
    if (finding.whole) {
      await this.redis.del(finding.key);
      return;
    }
    const { key, members } = finding;
    switch (finding.type) {
      case 'hash':
        await this.redis.hdel(key, ...members);
        return;
      case 'list':
        for (const member of members) await this.redis.lrem(key, 0, member);
        return;
      case 'set':
        await this.redis.srem(key, ...members);
        return;
      case 'zset':
        await this.redis.zrem(key, ...members);
        return;
      case 'stream':
        await this.redis.xdel(key, ...members);
        return;
    }
  }
}
