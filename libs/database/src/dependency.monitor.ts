import { type BeforeApplicationShutdown, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { AppConfig } from '@scout/config';
import { DependencyGate, type DependencyName } from './dependency-gate';
import { mongoGateOf } from './mongo-options';
import { InjectRedis, type RedisConnection } from './redis-client.factory';

/**
 * What the process knows about MongoDB and Redis being reachable, one {@link DependencyGate}
 * each. A gate closes when the connection reports it lost, or after a run of timeouts reported
 * by the code that calls the dependency (the MongoDB deadlines plugin, the document lock, the
 * cache); it opens when a ping succeeds. Readiness and the `scout_dependency_up` gauge read it.
 */
@Injectable()
export class DependencyMonitor implements OnModuleInit, BeforeApplicationShutdown {
  readonly mongo: DependencyGate;
  readonly redis: DependencyGate;

  constructor(
    @InjectConnection() private readonly connection: Connection,
    @InjectRedis() private readonly client: RedisConnection,
    config: AppConfig,
  ) {
    const settings = { ...config.dependencies, probeTimeoutMs: config.health.checkTimeoutMs };
    const mongo = mongoGateOf(connection);
    if (!mongo) throw new Error('the MongoDB connection was not made from mongooseModuleOptions');
    this.mongo = mongo;
    this.redis = new DependencyGate('redis', settings, () => client.ping());
  }

  /** Up (true) or down (false) per dependency, for metrics. */
  states(): Record<DependencyName, boolean> {
    return { mongo: this.mongo.up, redis: this.redis.up };
  }

  onModuleInit(): void {
    this.connection.on('disconnected', () => this.mongo.markDown('connection lost'));
    this.client.on('end', () => this.redis.markDown('connection ended'));
    this.client.on('close', () => this.redis.markDown('connection closed'));
  }

  beforeApplicationShutdown(): void {
    this.mongo.stop();
    this.redis.stop();
  }
}
