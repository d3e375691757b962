import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { CacheService, generationRedisKey, valueRedisKey } from '@scout/caching';
import { InjectRedis } from '@scout/database';
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
    @InjectRedis() private readonly redis: Redis,
    private readonly registry: ErasureParticipants,
  ) {}

  onModuleInit(): void {
    this.registry.register(this, ERASURE_ORDER.cache);
  }

  find(subject: ErasureSubject): Promise<number> {
    return this.redis.exists(...cacheKeysOf(subject).map(valueRedisKey));
  }

  async remove(subject: ErasureSubject): Promise<number> {
    const keys = cacheKeysOf(subject);
    const held = await this.find(subject);
    await this.cache.invalidate(keys);
    await this.redis.del(...keys.map(generationRedisKey));
    return held;
  }
}
