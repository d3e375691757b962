export { BulkWriter, type BulkWriteOutcome, chunkOperations, type SendChunk } from './bulk-writer';
export { compileValidator, type DocumentValidator } from './compiled-validator';
export { DatabaseModule } from './database.module';
export { DependencyProbesModule } from './dependency-probes.module';
export { isDuplicateKeyError } from './duplicate-key';
export { translateMongoError, translateRedisError } from './error-translators';
export {
  IndexHealthIndicator,
  MongoHealthIndicator,
  RedisHealthIndicator,
} from './health-indicators';
export {
  equalityFields,
  FerretdbPostgresIndexes,
  postgresIndexName,
  type PostgresIndexReport,
} from './ferretdb-postgres.indexes';
export { IndexSync, type IndexSyncReport } from './index-sync.service';
export { MongoConnectionWatcher } from './mongo-connection.watcher';
export {
  InjectRedis,
  REDIS_CLIENT,
  RedisClientFactory,
  type RedisConnection,
} from './redis-client.factory';
export { TransactionRunner } from './transaction.runner';
export { BASE_SCHEMA_OPTIONS } from './schema-options';
export { DocumentLock } from './document-lock';
export {
  type Capabilities,
  FERRETDB_UPDATES_PER_COMMAND,
  ServerCapabilities,
} from './server-capabilities';
export { DependencyGate, type DependencyName } from './dependency-gate';
export { DependencyMonitor } from './dependency.monitor';
export { registerDependencyMetrics } from './dependency.metrics';
export { MongoPoolMetrics } from './mongo-pool.metrics';
export {
  type IdempotencyClaim,
  IdempotencyStore,
  type IdempotencyTimes,
  type StoredAnswer,
} from './idempotency.store';
export { IDEMPOTENT_REQUEST_QUERY_SHAPES } from './idempotency.query-shapes';
export { isOutcomeUnknown } from './mongo-deadlines.plugin';
export {
  type AccessPath,
  checkIndexCoverage,
  declaredIndexes,
  type IndexDeclaration,
  type IndexExemption,
  type IndexKey,
  type QueryExample,
  type QueryShape,
  type ServedPath,
  type SortKey,
} from './query-shapes';
