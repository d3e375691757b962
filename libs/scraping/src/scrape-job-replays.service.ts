import { Injectable, Logger } from '@nestjs/common';
import { DocumentLock, isDuplicateKeyError } from '@scout/database';
import { Flag, FlagsService } from '@scout/flags';
import { type ReplayFilter, ScrapeJobRepository } from './repositories/scrape-job.repository';
import { ScrapeJobRelayService } from './scrape-job-relay.service';
import type { ScrapeJobView } from './scrape-job.view';
import { REPLAYABLE_STATUSES } from './scraping.constants';
import { ScrapingErrors } from './scraping.errors';

/** What a bulk replay did: the jobs queued again, and those left as they were, with why. */
export interface ReplayResult {
  matched: number;
  replayed: string[];
  skipped: Array<{ id: string; reason: string }>;
}

/** The most jobs one bulk replay takes. */
export const MAX_REPLAY = 1_000;

/**
 * Second chances: a failed or dead job goes back to the queue, one at a time (retry) or in bulk
 * (dead-letter replay), as long as its target has no other active job.
 */
@Injectable()
export class ScrapeJobReplaysService {
  private readonly logger = new Logger('ScrapeJobReplays');

  constructor(
    private readonly jobs: ScrapeJobRepository,
    private readonly relay: ScrapeJobRelayService,
    private readonly locks: DocumentLock,
    private readonly flags: FlagsService,
  ) {}

  /**
   * A failed or dead job goes back to the queue (409 for any other state, or when its target
   * has another active job by now). Answers once the record says queued; the queue takes it
   * now or from the sweeper.
   */
  async retry(id: string, requestId?: string): Promise<ScrapeJobView> {
    this.flags.ensureEnabled(Flag.ScrapingEnabled);
    const current = await this.jobs.findById(id);
    if (!current) throw ScrapingErrors.jobNotFound(id);
    const outcome = await this.requeueRecord(current.id, 'retry requested');
    if (typeof outcome === 'string') throw ScrapingErrors.conflict(outcome);
    await this.relay.relayExisting(outcome, requestId);
    return outcome;
  }

  /**
   * Replays dead letters (or failed jobs) in bulk: every job matching the filter, oldest first,
   * up to `limit`, goes back to the queue as a retry would; jobs whose target has another active
   * job are skipped and reported.
   */
  async replay(filter: ReplayFilter, limit: number, requestId?: string): Promise<ReplayResult> {
    this.flags.ensureEnabled(Flag.ScrapingEnabled);
    const candidates = await this.jobs.findReplayable(filter, Math.min(limit, MAX_REPLAY));
    const result: ReplayResult = { matched: candidates.length, replayed: [], skipped: [] };
    for (const candidate of candidates) {
      const outcome = await this.requeueRecord(candidate.id, 'replayed');
      if (typeof outcome === 'string') {
        result.skipped.push({ id: candidate.id, reason: outcome });
        continue;
      }
      await this.relay.relayExisting(outcome, requestId);
      result.replayed.push(candidate.id);
    }
    if (result.matched > 0) {
      this.logger.log(
        { ...filter, replayed: result.replayed.length, skipped: result.skipped.length },
        'replayed scrape jobs',
      );
    }
    return result;
  }

  /**
   * Moves a failed or dead job back to queued, under the job's lock. Returns the job, or why it
   * cannot be replayed. The target's active job is looked up first, as not every
   * MongoDB-compatible server reports a unique-index clash on updates as a duplicate key; the
   * index still settles a race.
   */
  private async requeueRecord(id: string, note: string): Promise<ScrapeJobView | string> {
    return this.locks.withLock(`scrape-job:${id}`, async () => {
      const current = await this.jobs.findById(id);
      if (!current) throw ScrapingErrors.jobNotFound(id);
      if (!(REPLAYABLE_STATUSES as readonly string[]).includes(current.status)) {
        return `Only failed or dead jobs can be retried; this one is ${current.status}.`;
      }
      const active = await this.jobs.findActive(current.target.publicId);
      if (active) return 'This target already has an active scrape job.';
      try {
        const queued = await this.jobs.transition(id, [...REPLAYABLE_STATUSES], 'queued', {
          note,
          attempts: 0,
          deferredSince: null,
          enqueued: false,
        });
        return queued ?? `This job is no longer failed or dead.`;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        return 'This target already has an active scrape job.';
      }
    });
  }
}
