import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { ConnectionStates, type Connection } from 'mongoose';
import { AppConfig } from '@scout/config';
import { DependencyMonitor } from './dependency.monitor';
import { IndexSync } from './index-sync.service';
import { InjectRedis, type RedisConnection } from './redis-client.factory';

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const KNOWN_DOWN = 'down: requests fail fast until a probe succeeds';

/**
 * Readiness of MongoDB: down at once while requests fail fast on it, else a real query on
 * Scout's own database — `findOne` of one `_id` from a collection the app's models use —
 * bounded by the health timeout. A ping alone is not enough: a FerretDB database whose
 * connection pool is exhausted still answers `ping` (an admin command that never touches the
 * database) while every query on it hangs. A failed query closes the gate (the gate's own probe
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

  async check(key = 'mongo'): Promise<HealthIndicatorResult> {
    const check = this.health.check(key);
    if (!this.dependencies.mongo.up) return check.down({ message: KNOWN_DOWN });
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
      this.dependencies.mongo.markDown('readiness query failed');
      return check.down({ message: `query on ${collection}: ${(error as Error).message}` });
    }
  }

  /** The first of the models' collections by name: any will do, they share one database. */
  private probeCollection(): string {
    const names = Object.values(this.connection.models).map((m) => m.collection.collectionName);
    return names.sort()[0] ?? 'scout_health';
  }
}

/**
 * Readiness of Redis: down at once while known down, else PING bounded by the health timeout; a
 * failed PING closes the gate until its probe succeeds.
 */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    @InjectRedis() private readonly redis: RedisConnection,
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
