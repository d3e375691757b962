import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CacheService, generationRedisKey, valueRedisKey } from '@scout/caching';
import { InjectRedis, type RedisConnection } from '@scout/database';
import { CacheKeys } from '@scout/profiles';
import { ERASURE_ORDER, ErasureParticipants } from '../erasure-participants';
import type { ErasureParticipant, ErasureSubject } from '../privacy.types';

function cacheKeysOf(subject: ErasureSubject): string[] {
  return subject.profileId
    ? CacheKeys.forProfile(subject.profileId, subject.publicId)
    : [CacheKeys.profileByPublicId(subject.publicId)];
}

/**
 * Cached copies of the profile: dropped from every process's L1 (through the invalidation
 * bus) and from L2, and then the keys' invalidation generations, whose names carry the id and
 * publicId, are deleted too.
 */
@Injectable()
export class CacheParticipant implements ErasureParticipant, OnModuleInit {
  readonly store = 'cache';

  constructor(
    private readonly cache: CacheService,
    @InjectRedis() private readonly redis: RedisConnection,
    private readonly registry: ErasureParticipants,
  ) {}

  onModuleInit(): void {
    this.registry.register(this, ERASURE_ORDER.cache);
  }

  /** One key per command: on a cluster the keys live in different slots. */
  async find(subject: ErasureSubject): Promise<number> {
    let held = 0;
    for (const key of cacheKeysOf(subject)) held += await this.redis.exists(valueRedisKey(key));
    return held;
  }

  async remove(subject: ErasureSubject): Promise<number> {
    const keys = cacheKeysOf(subject);
    const held = await this.find(subject);
    await this.cache.invalidate(keys);
    for (const key of keys) await this.redis.del(generationRedisKey(key));
    return held;
  }
}
