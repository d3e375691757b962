import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { ConnectionStates, type Connection } from 'mongoose';
import { AppConfig } from '@scout/config';
import { IndexSync } from './index-sync.service';
import { InjectRedis } from './redis-client.factory';

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Readiness of MongoDB: a real query on Scout's own database — `findOne` of one `_id` from a
 * collection the app's models use — bounded by the health timeout. A ping alone is not enough:
 * a FerretDB database whose connection pool is exhausted still answers `ping` (an admin command
 * that never touches the database) while every query on it hangs.
 */
@Injectable()
export class MongoHealthIndicator {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly health: HealthIndicatorService,
    private readonly config: AppConfig,
  ) {}

  async check(key = 'mongo'): Promise<HealthIndicatorResult> {
    const check = this.health.check(key);
    const db = this.connection.db;
    if (this.connection.readyState !== ConnectionStates.connected || !db)
      return check.down({ message: 'not connected' });
    const timeoutMS = this.config.health.checkTimeoutMs;
    const collection = this.probeCollection();
    try {
      // timeoutMS makes the driver give the connection up too, so hung probes never pile up.
      await withTimeout(
        db.collection(collection).findOne({}, { projection: { _id: 1 }, timeoutMS }),
        timeoutMS,
      );
      return check.up();
    } catch (error) {
      return check.down({ message: `query on ${collection}: ${(error as Error).message}` });
    }
  }

  /** The first of the models' collections by name: any will do, they share one database. */
  private probeCollection(): string {
    const names = Object.values(this.connection.models).map((m) => m.collection.collectionName);
    return names.sort()[0] ?? 'scout_health';
  }
}

/** Readiness of Redis: PING bounded by the health timeout. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    @InjectRedis() private readonly redis: Redis,
    private readonly health: HealthIndicatorService,
    private readonly config: AppConfig,
  ) {}

  async ping(key = 'redis'): Promise<HealthIndicatorResult> {
    const check = this.health.check(key);
    if (this.redis.status !== 'ready')
      return check.down({ message: `not connected (${this.redis.status})` });
    try {
      await withTimeout(this.redis.ping(), this.config.health.checkTimeoutMs);
      return check.up();
    } catch (error) {
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
