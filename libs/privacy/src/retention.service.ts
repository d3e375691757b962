import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@scout/config';
import { PrivacyStats } from './privacy.stats';
import { ErasureRequestRepository } from './repositories/erasure-request.repository';
import { PersonalDataRepository } from './repositories/personal-data.repository';

/** The stores retention keeps short, as metrics and logs name them. */
export const RETENTION_STORES = [
  'scrape_jobs',
  'idempotency',
  'history',
  'erasure_receipts',
] as const;
export type RetentionStore = (typeof RETENTION_STORES)[number];

/**
 * Keeps data only as long as configured (`privacy.retention.*`): one mechanism on every server
 * Scout supports — a sweep run by the maintenance queue that deletes, per store, documents older
 * than the store's age by an indexed date, in batches of `batchSize` by `_id`, at most
 * `maxBatches` per store per run (the next run carries on). No TTL indexes: FerretDB has none,
 * and one mechanism is one thing to reason about. History events still owed to webhooks
 * (committed, not yet dispatched) are never swept.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger('Retention');

  constructor(
    private readonly data: PersonalDataRepository,
    private readonly requests: ErasureRequestRepository,
    private readonly stats: PrivacyStats,
    private readonly config: AppConfig,
  ) {}

  /** One sweep of every store; returns what it removed per store. */
  async sweep(now = new Date()): Promise<Record<RetentionStore, number>> {
    const ages = this.config.privacy.retention;
    const before = (ms: number) => new Date(now.getTime() - ms);
    const removed: Record<RetentionStore, number> = {
      scrape_jobs: await this.drain((limit) =>
        this.data.expireScrapeJobs(before(ages.scrapeJobsMs), limit),
      ),
      idempotency: await this.drain((limit) =>
        this.data.expireIdempotency(before(ages.idempotencyMs), limit),
      ),
      history: await this.drain((limit) => this.data.expireHistory(before(ages.historyMs), limit)),
      erasure_receipts: await this.drain(async (limit) =>
        this.requests.deleteMany(
          await this.requests.completedBefore(before(ages.erasureReceiptsMs), limit),
        ),
      ),
    };
    for (const store of RETENTION_STORES) this.stats.recordRetention(store, removed[store]);
    if (RETENTION_STORES.some((store) => removed[store] > 0)) {
      this.logger.log({ removed }, 'retention sweep removed expired data');
    }
    return removed;
  }

  /** Batches until one comes back short, or `maxBatches` ran. */
  private async drain(batch: (limit: number) => Promise<number>): Promise<number> {
    const { batchSize, maxBatches } = this.config.privacy.retention;
    let total = 0;
    for (let round = 0; round < maxBatches; round++) {
      const removed = await batch(batchSize);
      total += removed;
      if (removed < batchSize) break;
    }
    return total;
  }
}
