import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';

/** Per collection, the indexes a sync created and dropped. */
export interface IndexSyncReport {
  collection: string;
  created: string[];
  dropped: string[];
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

  constructor(@InjectConnection() private readonly connection: Connection) {}

  /** Creates missing indexes and drops ones no schema declares any more. */
  async sync(): Promise<IndexSyncReport[]> {
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
    this.allPresent = true;
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
