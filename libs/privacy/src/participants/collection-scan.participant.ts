import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { AppConfig } from '@scout/config';
import { ERASURE_ORDER, ErasureParticipants } from '../erasure-participants';
import { PersonMatcher } from '../person-matcher';
import type { ErasureParticipant, ErasureSubject } from '../privacy.types';

/**
 * Collections that hold no personal data by design: companies (organisations, not people),
 * API keys (hashes and names of callers), and this lib's own, which keep keyed hashes only.
 */
export const NO_PERSONAL_DATA = ['companies', 'api_keys', 'suppressions', 'erasure_requests'];

/**
 * The search of every other collection the server lists (not a list in code): every document of
 * a collection no participant is responsible for is read and, when it mentions the person, its
 * whole document is removed. It should find nothing; what it finds is counted in the receipt
 * (`scan`) and each such collection is named in a warning: that store needs a participant.
 */
@Injectable()
export class CollectionScanParticipant implements ErasureParticipant, OnModuleInit {
  readonly store = 'scan';
  readonly exhaustive = true;
  private readonly logger = new Logger('Erasure');

  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly config: AppConfig,
    private readonly registry: ErasureParticipants,
  ) {}

  onModuleInit(): void {
    this.registry.register(this, ERASURE_ORDER.collectionScan);
  }

  async find(subject: ErasureSubject): Promise<number> {
    let found = 0;
    for (const hits of (await this.search(subject)).values()) found += hits.length;
    return found;
  }

  async remove(subject: ErasureSubject): Promise<number> {
    let removed = 0;
    for (const [name, ids] of await this.search(subject)) {
      this.logger.warn(
        { collection: name, documents: ids.length },
        'erasure found the person in a collection no participant covers',
      );
      const result = await this.connection.collection(name).deleteMany({ _id: { $in: ids } });
      removed += result.deletedCount;
    }
    return removed;
  }

  /** Per collection, the `_id`s of the documents that mention the person. */
  private async search(subject: ErasureSubject): Promise<Map<string, mongo.BSON.ObjectId[]>> {
    const hits = new Map<string, mongo.BSON.ObjectId[]>();
    if (!this.config.privacy.erasureScan) return hits;
    const skip = new Set([...NO_PERSONAL_DATA, ...this.registry.coveredCollections()]);
    const matcher = new PersonMatcher(subject, subject.scrapeJobIds);
    const db = this.connection.db;
    if (!db) return hits;
    const collections = await db.listCollections({}, { nameOnly: true }).toArray();
    for (const { name } of collections) {
      if (skip.has(name) || name.startsWith('system.')) continue;
      const found: mongo.BSON.ObjectId[] = [];
      const cursor = db.collection(name).find({}, { batchSize: 500 });
      for await (const doc of cursor as AsyncIterable<mongo.Document>) {
        if (matcher.matches(JSON.stringify(doc))) found.push(doc._id as mongo.BSON.ObjectId);
      }
      if (found.length > 0) hits.set(name, found);
    }
    return hits;
  }
}
