import type { MongooseModuleOptions } from '@nestjs/mongoose';
import mongoose, { type ConnectOptions, type Connection } from 'mongoose';
import type { AppConfig } from '@scout/config';
import { DependencyGate } from './dependency-gate';
import { mongoDeadlinesPlugin } from './mongo-deadlines.plugin';

/** The MongoDB gate of each connection made from config, for the dependency monitor. */
const mongoGates = new WeakMap<Connection, DependencyGate>();

/** The gate {@link mongooseModuleOptions} attached to `connection`, if any. */
export function mongoGateOf(connection: Connection): DependencyGate | undefined {
  return mongoGates.get(connection);
}

/**
 * Query hardening for every connection: `sanitizeFilter` wraps any `$`-keyed object found in
 * a filter value in `$eq`, and `strictQuery` drops filter paths the schema does not know, so
 * user input can never become a query operator even if a check upstream is missed.
 */
export function hardenMongoose(): void {
  mongoose.set('sanitizeFilter', true);
  mongoose.set('strictQuery', true);
}

/**
 * Connection options from config: pool bounds and retryable reads and writes. The connection
 * reads from the primary; reads that tolerate staleness opt into `mongo.readPreference` per
 * query (the list methods of repositories), so a read that follows a write always sees it.
 * No reply is awaited longer than the write deadline (`socketTimeoutMS`), and no free pool
 * connection longer than the read deadline (`waitQueueTimeoutMS`); the driver's `timeoutMS`
 * is a no-op since 7.8, so these per-stage bounds (and the per-read deadlines of
 * {@link mongoDeadlinesPlugin}) are what keep an operation shorter than its request.
 */
export function mongoConnectOptions(config: AppConfig): ConnectOptions {
  return {
    maxPoolSize: config.mongo.maxPoolSize,
    minPoolSize: config.mongo.minPoolSize,
    readPreference: 'primary',
    serverSelectionTimeoutMS: config.mongo.serverSelectionTimeoutMs,
    socketTimeoutMS: config.mongo.writeTimeoutMs,
    waitQueueTimeoutMS: config.mongo.readTimeoutMs,
    retryWrites: true,
    retryReads: true,
    autoIndex: config.mongo.autoIndex,
    autoCreate: config.mongo.autoIndex,
    appName: config.app.name,
    // Costs a second decode of every reply, so only on when slow commands are being looked for.
    monitorCommands: config.mongo.slowCommandMs > 0,
  };
}

/**
 * Module options: connect in the background so boot never waits on, or dies of, MongoDB, let
 * queries wait for a connection no longer than server selection would, and put every model's
 * operations under the deadlines and the outage gate of this connection.
 */
export function mongooseModuleOptions(config: AppConfig): MongooseModuleOptions {
  return {
    uri: config.mongo.uri,
    lazyConnection: true,
    ...mongoConnectOptions(config),
    connectionFactory: (connection: Connection) => {
      connection.set('bufferTimeoutMS', config.mongo.serverSelectionTimeoutMs);
      const probeTimeoutMs = config.health.checkTimeoutMs;
      const gate = new DependencyGate(
        'mongo',
        { ...config.dependencies, probeTimeoutMs },
        async () => {
          const db = connection.db;
          if (!db) throw new Error('not connected');
          await db.command({ ping: 1 }, { signal: AbortSignal.timeout(probeTimeoutMs) });
        },
      );
      mongoGates.set(connection, gate);
      connection.plugin(mongoDeadlinesPlugin({ gate, readTimeoutMs: config.mongo.readTimeoutMs }));
      return connection;
    },
  };
}
