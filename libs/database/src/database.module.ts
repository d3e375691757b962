import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TerminusModule } from '@nestjs/terminus';
import { AppConfig } from '@scout/config';
import {
  IndexHealthIndicator,
  MongoHealthIndicator,
  RedisHealthIndicator,
} from './health-indicators';
import { BulkWriter } from './bulk-writer';
import { DependencyMonitor } from './dependency.monitor';
import { DocumentLock } from './document-lock';
import { IdempotencyStore } from './idempotency.store';
import { IdempotentRequest, IdempotentRequestSchema } from './schemas/idempotent-request.schema';
import { FerretdbPostgresIndexes } from './ferretdb-postgres.indexes';
import { IndexSync } from './index-sync.service';
import { ServerCapabilities } from './server-capabilities';
import { MongoConnectionWatcher } from './mongo-connection.watcher';
import { hardenMongoose, mongooseModuleOptions } from './mongo-options';
import { REDIS_CLIENT, RedisClientFactory } from './redis-client.factory';
import { SlowCommandLog } from './slow-command.log';
import { TransactionRunner } from './transaction.runner';

hardenMongoose();

/**
 * MongoDB and Redis for the whole process: one Mongoose connection and one shared Redis
 * client built from config, both under deadlines, what is known about their outages, their
 * health indicators, the transaction helper and the records that make writes safe to retry.
 * Imported by every lib and app module that uses them; the module is static, so the process
 * still has exactly one connection and one shared client.
 */
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => mongooseModuleOptions(config),
    }),
    MongooseModule.forFeature([{ name: IdempotentRequest.name, schema: IdempotentRequestSchema }]),
    TerminusModule,
  ],
  providers: [
    MongoConnectionWatcher,
    SlowCommandLog,
    RedisClientFactory,
    {
      provide: REDIS_CLIENT,
      inject: [RedisClientFactory],
      useFactory: (factory: RedisClientFactory) => factory.create('shared'),
    },
    ServerCapabilities,
    TransactionRunner,
    DependencyMonitor,
    DocumentLock,
    BulkWriter,
    IdempotencyStore,
    FerretdbPostgresIndexes,
    IndexSync,
    MongoHealthIndicator,
    RedisHealthIndicator,
    IndexHealthIndicator,
  ],
  exports: [
    REDIS_CLIENT,
    RedisClientFactory,
    ServerCapabilities,
    TransactionRunner,
    DependencyMonitor,
    DocumentLock,
    BulkWriter,
    IdempotencyStore,
    MongoConnectionWatcher,
    IndexSync,
    MongoHealthIndicator,
    RedisHealthIndicator,
    IndexHealthIndicator,
  ],
})
export class DatabaseModule {}
