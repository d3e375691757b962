import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '@scout/config';
import { InjectRedis } from '@scout/database';
import { ERASURE_ORDER, ErasureParticipants } from '../erasure-participants';
import { PersonMatcher } from '../person-matcher';
import type { ErasureParticipant, ErasureSubject } from '../privacy.types';
import { scanKeys } from '../redis-scan';

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

  constructor(
    @InjectRedis() private readonly redis: Redis,
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
    for await (const key of scanKeys(this.redis)) {
      if (key.startsWith(queuePrefix)) continue;
      if (matcher.matches(key)) {
        findings.push({ key, whole: true });
        continue;
      }
      const finding = await this.inspect(key, matcher);
      if (finding) findings.push(finding);
    }
    return findings;
  }

  private async inspect(key: string, matcher: PersonMatcher): Promise<KeyFinding | undefined> {
    const type = await this.redis.type(key);
    const some = (members: string[]): KeyFinding | undefined =>
      members.length > 0 ? { key, whole: false, type, members } : undefined;
    switch (type) {
      case 'string':
        return matcher.matches(await this.redis.get(key)) ? { key, whole: true } : undefined;
      case 'hash': {
        const fields = await this.redis.hgetall(key);
        return some(
          Object.entries(fields)
            .filter(([field, value]) => matcher.matches(field) || matcher.matches(value))
            .map(([field]) => field),
        );
      }
      case 'list':
        return some((await this.redis.lrange(key, 0, -1)).filter((v) => matcher.matches(v)));
      case 'set':
        return some((await this.redis.smembers(key)).filter((v) => matcher.matches(v)));
      case 'zset':
        return some((await this.redis.zrange(key, '0', '-1')).filter((v) => matcher.matches(v)));
      case 'stream': {
        const entries = await this.redis.xrange(key, '-', '+');
        return some(
          entries.filter(([, fields]) => matcher.matches(fields.join('\u0000'))).map(([id]) => id),
        );
      }
      default:
        return undefined;
    }
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
