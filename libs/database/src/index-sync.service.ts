import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { FerretdbPostgresIndexes, type PostgresIndexReport } from './ferretdb-postgres.indexes';

/**
 * Per collection, the indexes a sync created and dropped; on FerretDB's postgresql backend with
 * `FERRETDB_POSTGRESQL_URL` set, also the PostgreSQL equality indexes (see
 * {@link FerretdbPostgresIndexes}).
 */
export interface IndexSyncReport {
  collection: string;
  created: string[];
  dropped: string[];
  postgres?: PostgresIndexReport;
}

/**
 * Makes the indexes in MongoDB match the ones declared on the schemas, as an explicit step
 * (`npm run db:indexes`) rather than as a side effect of boot, and tells the startup probe
 * whether any declared index is still missing.
 */
@Injectable()
export class IndexSync {
  private readonly logger = new Logger('Indexes');
  private allPresent = false;

  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly postgres: FerretdbPostgresIndexes,
  ) {}

  /**
   * Creates missing indexes and drops ones no schema declares any more; then, when configured,
   * does the same for the PostgreSQL equality indexes under FerretDB's tables.
   */
  async sync(): Promise<IndexSyncReport[]> {
    const reports = await this.syncMongo();
    if (this.postgres.configured) {
      const database = this.connection.db?.databaseName ?? this.connection.name;
      const models = Object.values(this.connection.models);
      const byCollection = await this.postgres.sync(database, models);
      for (const report of reports) report.postgres = byCollection.get(report.collection);
      this.logger.log(
        { database, tables: byCollection.size },
        'PostgreSQL equality indexes synchronised',
      );
    }
    this.allPresent = true;
    return reports;
  }

  private async syncMongo(): Promise<IndexSyncReport[]> {
    const reports: IndexSyncReport[] = [];
    for (const model of Object.values(this.connection.models)) {
      const before = await model.diffIndexes();
      await model.syncIndexes();
      const report = {
        collection: model.collection.collectionName,
        created: before.toCreate.map((spec) => JSON.stringify(spec)),
        dropped: before.toDrop,
      };
      if (report.created.length > 0 || report.dropped.length > 0) {
        this.logger.log(report, 'indexes synchronised');
      }
      reports.push(report);
    }
    return reports;
  }

  /**
   * Declared indexes that do not exist yet, as `collection: key`. Once everything has been
   * seen present the answer is remembered, so the startup probe stops querying.
   */
  async missing(): Promise<string[]> {
    if (this.allPresent) return [];
    const missing: string[] = [];
    for (const model of Object.values(this.connection.models)) {
      const { toCreate } = await model.diffIndexes();
      missing.push(
        ...toCreate.map((spec) => `${model.collection.collectionName}: ${JSON.stringify(spec)}`),
      );
    }
    this.allPresent = missing.length === 0;
    return missing;
  }
}
