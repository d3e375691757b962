import { Injectable } from '@nestjs/common';
import { CursorCodec, type Page } from '@scout/common';
import { AppConfig } from '@scout/config';
import { DocumentLock } from '@scout/database';
import { ProfileScrapeLanding, type ScrapeTarget } from '@scout/profiles';
import { type ReplayFilter, ScrapeJobRepository } from './repositories/scrape-job.repository';
import { type ReplayResult, ScrapeJobReplaysService } from './scrape-job-replays.service';
import { ScrapeJobRelayService } from './scrape-job-relay.service';
import type { ScrapeJobView } from './scrape-job.view';
import {
  type ScrapeBatchItem,
  type ScrapeRequest,
  ScrapeRequestsService,
} from './scrape-requests.service';
import { ScrapeQueue } from './scrape.queue';
import type { Priority, ScrapeJobStatus } from './scraping.constants';
import { ScrapingErrors } from './scraping.errors';

/**
 * The one door to scrape jobs for the api, the worker's maintenance and the CLI: creating them
 * ({@link ScrapeRequestsService}), reading and cancelling them (here), second chances
 * ({@link ScrapeJobReplaysService}) and the outbox relay's sweep ({@link ScrapeJobRelayService}).
 * The MongoDB record is the source of truth (a transactional outbox): a job is accepted once it
 * is recorded, and the queue takes it at once or from the sweeper. While the `scraping.enabled`
 * flag is off, requests and replays are refused before anything is recorded; reads and cancels
 * still work.
 */
@Injectable()
export class ScrapeJobsService {
  private readonly cursors: CursorCodec;

  constructor(
    private readonly jobs: ScrapeJobRepository,
    private readonly requests: ScrapeRequestsService,
    private readonly replays: ScrapeJobReplaysService,
    private readonly relay: ScrapeJobRelayService,
    private readonly queue: ScrapeQueue,
    private readonly locks: DocumentLock,
    private readonly profiles: ProfileScrapeLanding,
    config: AppConfig,
  ) {
    this.cursors = new CursorCodec(config.api.cursorSecrets);
  }

  /** Validates a target: a publicId or a profile URL on the configured host, nothing else. */
  target(input: string): ScrapeTarget {
    return this.requests.target(input);
  }

  /** Queues a scrape, or returns the target's active job; honours an idempotency key. */
  request(request: ScrapeRequest): Promise<{ job: ScrapeJobView; created: boolean }> {
    return this.requests.request(request);
  }

  /** Records many targets and hands them to the queue in one bulk enqueue; one result each. */
  requestBatch(
    profiles: string[],
    priority?: Priority,
    origin?: { requestId?: string; requestedBy?: string },
  ): Promise<ScrapeBatchItem[]> {
    return this.requests.requestBatch(profiles, priority, origin);
  }

  async get(id: string): Promise<ScrapeJobView> {
    const job = await this.jobs.findById(id);
    if (!job) throw ScrapingErrors.jobNotFound(id);
    return job;
  }

  async list(
    status: ScrapeJobStatus | undefined,
    limit: number,
    cursor?: string,
  ): Promise<Page<ScrapeJobView>> {
    const scope = `scrape-jobs|${status ?? '*'}`;
    const after = cursor ? this.cursors.decode(scope, cursor) : undefined;
    const page = await this.jobs.listPage(status, limit, after);
    return {
      data: page.items,
      page: {
        limit,
        nextCursor: page.hasMore && page.last ? this.cursors.encode(scope, page.last) : null,
      },
    };
  }

  /** A failed or dead job goes back to the queue; see {@link ScrapeJobReplaysService.retry}. */
  retry(id: string, requestId?: string): Promise<ScrapeJobView> {
    return this.replays.retry(id, requestId);
  }

  /** Dead letters back to the queue in bulk; see {@link ScrapeJobReplaysService.replay}. */
  replay(filter: ReplayFilter, limit: number, requestId?: string): Promise<ReplayResult> {
    return this.replays.replay(filter, limit, requestId);
  }

  /**
   * A queued job is cancelled; a running one is 409 JOB_RUNNING; a finished one is 409. Works
   * with Redis down too: the record is cancelled, and a worker that receives the job skips it.
   */
  async cancel(id: string): Promise<ScrapeJobView> {
    const current = await this.get(id);
    return this.locks.withLock(`scrape-job:${current.id}`, async () => {
      const job = await this.get(id);
      if (job.status === 'running') throw ScrapingErrors.jobRunning();
      if (job.status !== 'queued') {
        throw ScrapingErrors.conflict(`A ${job.status} job cannot be cancelled.`);
      }
      // Queue unreachable: the record decides alone; a worker that gets the job later skips it.
      const removed = await this.queue.removeWaiting(job.id).catch(() => true);
      if (!removed) throw ScrapingErrors.jobRunning();
      const cancelled = await this.jobs.transition(job.id, ['queued'], 'cancelled', {
        note: 'cancelled by request',
      });
      if (!cancelled) throw ScrapingErrors.jobRunning();
      await this.profiles.clearScrapeQueued(job.target.publicId);
      return cancelled;
    });
  }

  /** Re-scrapes of stale profiles; see {@link ScrapeRequestsService.runMaintenance}. */
  runMaintenance(): Promise<{ stale: number }> {
    return this.requests.runMaintenance();
  }

  /** Enqueues recorded jobs the queue lost; see {@link ScrapeJobRelayService.sweep}. */
  sweep(): Promise<{ checked: number; enqueued: number }> {
    return this.relay.sweep();
  }
}
