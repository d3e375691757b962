import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { ConnectionStates, type Connection } from 'mongoose';
import { AppConfig } from '@scout/config';
import { DependencyMonitor } from './dependency.monitor';
import { IndexSync } from './index-sync.service';
import { InjectRedis } from './redis-client.factory';

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const KNOWN_DOWN = 'down: requests fail fast until a probe succeeds';

/**
 * Readiness of MongoDB: down at once while requests fail fast on it, else a ping bounded by the
 * health timeout, so a probe never hangs. A failed ping closes the gate (the gate's own probe
 * reopens it), so requests stop waiting on a server readiness already found unresponsive.
 */
@Injectable()
export class MongoHealthIndicator {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly health: HealthIndicatorService,
    private readonly config: AppConfig,
    private readonly dependencies: DependencyMonitor,
  ) {}

  async ping(key = 'mongo'): Promise<HealthIndicatorResult> {
    const check = this.health.check(key);
    if (!this.dependencies.mongo.up) return check.down({ message: KNOWN_DOWN });
    const db = this.connection.db;
    if (this.connection.readyState !== ConnectionStates.connected || !db)
      return check.down({ message: 'not connected' });
    try {
      await withTimeout(db.admin().ping(), this.config.health.checkTimeoutMs);
      return check.up();
    } catch (error) {
      this.dependencies.mongo.markDown('readiness ping failed');
      return check.down({ message: (error as Error).message });
    }
  }
}

/**
 * Readiness of Redis: down at once while known down, else PING bounded by the health timeout; a
 * failed PING closes the gate until its probe succeeds.
 */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    @InjectRedis() private readonly redis: Redis,
    private readonly health: HealthIndicatorService,
    private readonly config: AppConfig,
    private readonly dependencies: DependencyMonitor,
  ) {}

  async ping(key = 'redis'): Promise<HealthIndicatorResult> {
    const check = this.health.check(key);
    if (!this.dependencies.redis.up) return check.down({ message: KNOWN_DOWN });
    if (this.redis.status !== 'ready')
      return check.down({ message: `not connected (${this.redis.status})` });
    try {
      await withTimeout(this.redis.ping(), this.config.health.checkTimeoutMs);
      return check.up();
    } catch (error) {
      this.dependencies.redis.markDown('readiness ping failed');
      return check.down({ message: (error as Error).message });
    }
  }
}

/** Startup gate: every index the schemas declare exists (autoIndex is off in production). */
@Injectable()
export class IndexHealthIndicator {
  constructor(
    private readonly indexes: IndexSync,
    private readonly health: HealthIndicatorService,
    private readonly config: AppConfig,
  ) {}

  async check(key = 'indexes'): Promise<HealthIndicatorResult> {
    const check = this.health.check(key);
    try {
      const missing = await withTimeout(this.indexes.missing(), this.config.health.checkTimeoutMs);
      return missing.length === 0
        ? check.up()
        : check.down({ message: 'run npm run db:indexes', missing: missing.slice(0, 10) });
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }
}
