import type { MongooseModuleOptions } from '@nestjs/mongoose';
import mongoose, { type ConnectOptions, type Connection } from 'mongoose';
import type { AppConfig } from '@scout/config';

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
 */
export function mongoConnectOptions(config: AppConfig): ConnectOptions {
  return {
    maxPoolSize: config.mongo.maxPoolSize,
    minPoolSize: config.mongo.minPoolSize,
    readPreference: 'primary',
    serverSelectionTimeoutMS: config.mongo.serverSelectionTimeoutMs,
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
 * Module options: connect in the background so boot never waits on, or dies of, MongoDB, and
 * let queries wait for a connection no longer than server selection would.
 */
export function mongooseModuleOptions(config: AppConfig): MongooseModuleOptions {
  return {
    uri: config.mongo.uri,
    lazyConnection: true,
    ...mongoConnectOptions(config),
    connectionFactory: (connection: Connection) => {
      connection.set('bufferTimeoutMS', config.mongo.serverSelectionTimeoutMs);
      return connection;
    },
  };
}
