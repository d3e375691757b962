export { DatabaseModule } from './database.module';
export { translateMongoError, translateRedisError } from './error-translators';
export { MongoHealthIndicator, RedisHealthIndicator } from './health-indicators';
export { MongoConnectionWatcher } from './mongo-connection.watcher';
export { InjectRedis, REDIS_CLIENT, RedisClientFactory } from './redis-client.factory';
export { TransactionRunner } from './transaction.runner';
