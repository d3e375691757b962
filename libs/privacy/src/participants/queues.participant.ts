import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type Job, Queue } from 'bullmq';
import { AppConfig } from '@scout/config';
import { RedisClientFactory, type RedisConnection } from '@scout/database';
import { ERASURE_ORDER, ErasureParticipants } from '../erasure-participants';
import { PersonMatcher } from '../person-matcher';
import {
  ErasureDeferredError,
  type ErasureParticipant,
  type ErasureSubject,
} from '../privacy.types';
import { scanKeys } from '../redis-scan';

/** Every state a BullMQ job can be in. */
const JOB_STATES = [
  'waiting',
  'prioritized',
  'waiting-children',
  'wait',
  'delayed',
  'active',
  'completed',
  'failed',
] as const;
const PAGE = 500;

/**
 * Every BullMQ queue Scout has, found in Redis by its `meta` key under the configured prefix (not
 * from a list in code, so a queue added later is covered), and the removal of jobs from them.
 */
@Injectable()
export class QueueAccess implements OnModuleDestroy {
  readonly redis: RedisConnection;
  private readonly queues = new Map<string, Queue>();

  constructor(
    factory: RedisClientFactory,
    private readonly config: AppConfig,
  ) {
    this.redis = factory.create('privacy-queues', { maxRetriesPerRequest: 1 });
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }

  async all(): Promise<Queue[]> {
    const prefix = this.config.queue.prefix;
    const suffix = ':meta';
    for await (const key of scanKeys(this.redis, `${prefix}:*${suffix}`)) {
      const name = key.slice(prefix.length + 1, -suffix.length);
      if (name.length === 0 || name.includes(':') || this.queues.has(name)) continue;
      const queue = new Queue(name, { connection: this.redis, prefix });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return [...this.queues.values()];
  }

  /**
   * Removes the jobs; one that is running cannot be taken from its worker, so it is left to
   * finish (the suppression list stops it landing anything) and the erasure is deferred: it
   * removes the job on a later pass.
   */
  async removeAll(jobs: Job[]): Promise<number> {
    let removed = 0;
    let running = 0;
    for (const job of jobs) {
      if ((await job.getState()) === 'active' || !(await tryRemove(job))) running++;
      else removed++;
    }
    if (running > 0) {
      throw new ErasureDeferredError(
        `${running} queue job(s) of this person still running`,
        removed,
      );
    }
    return removed;
  }
}

async function tryRemove(job: Job): Promise<boolean> {
  try {
    await job.remove();
    return true;
  } catch {
    // Locked: it became active meanwhile.
    return false;
  }
}

/** The BullMQ jobs of the person's scrape jobs, by id, in every queue. */
@Injectable()
export class QueuesParticipant implements ErasureParticipant, OnModuleInit {
  readonly store = 'queues';

  constructor(
    private readonly queues: QueueAccess,
    private readonly registry: ErasureParticipants,
  ) {}

  onModuleInit(): void {
    this.registry.register(this, ERASURE_ORDER.queues);
  }

  async find(subject: ErasureSubject): Promise<number> {
    return (await this.jobsOf(subject)).length;
  }

  async remove(subject: ErasureSubject): Promise<number> {
    return this.queues.removeAll(await this.jobsOf(subject));
  }

  private async jobsOf(subject: ErasureSubject): Promise<Job[]> {
    const jobs: Job[] = [];
    for (const queue of await this.queues.all()) {
      for (const id of subject.scrapeJobIds) {
        const job = await queue.getJob(id);
        if (job) jobs.push(job);
      }
    }
    return jobs;
  }
}

/**
 * The search of every queue: jobs in any state whose data, result or error mentions the person
 * or one of their scrape jobs, and the entries of each queue's event stream that do. Exhaustive
 * (it reads every job Redis keeps), so it runs once, after the named stores.
 */
@Injectable()
export class QueueSearchParticipant implements ErasureParticipant, OnModuleInit {
  readonly store = 'queue-search';
  readonly exhaustive = true;

  constructor(
    private readonly queues: QueueAccess,
    private readonly config: AppConfig,
    private readonly registry: ErasureParticipants,
  ) {}

  onModuleInit(): void {
    this.registry.register(this, ERASURE_ORDER.queueSearch);
  }

  async find(subject: ErasureSubject): Promise<number> {
    if (!this.config.privacy.erasureScan) return 0;
    const matcher = new PersonMatcher(subject, subject.scrapeJobIds);
    let found = 0;
    for (const queue of await this.queues.all()) {
      found += (await this.jobsMentioning(queue, matcher)).length;
      found += (await this.streamEntries(queue, matcher)).length;
    }
    return found;
  }

  async remove(subject: ErasureSubject): Promise<number> {
    if (!this.config.privacy.erasureScan) return 0;
    const matcher = new PersonMatcher(subject, subject.scrapeJobIds);
    let removed = 0;
    for (const queue of await this.queues.all()) {
      removed += await this.queues.removeAll(await this.jobsMentioning(queue, matcher));
      const entries = await this.streamEntries(queue, matcher);
      if (entries.length > 0)
        removed += await this.queues.redis.xdel(queue.keys.events, ...entries);
    }
    return removed;
  }

  private async jobsMentioning(queue: Queue, matcher: PersonMatcher): Promise<Job[]> {
    const found: Job[] = [];
    for (let start = 0; ; start += PAGE) {
      const page = await queue.getJobs([...JOB_STATES], start, start + PAGE - 1, true);
      for (const job of page) {
        if (!job?.id) continue;
        const text = JSON.stringify([job.data, job.returnvalue, job.failedReason, job.stacktrace]);
        if (matcher.matches(text)) found.push(job);
      }
      if (page.length < PAGE) return found;
    }
  }

  /** Ids of the queue's event stream entries that mention the person or their jobs. */
  private async streamEntries(queue: Queue, matcher: PersonMatcher): Promise<string[]> {
    const ids: string[] = [];
    let from = '-';
    for (;;) {
      const entries = await this.queues.redis.xrange(queue.keys.events, from, '+', 'COUNT', PAGE);
      for (const [id, fields] of entries) {
        if (matcher.matches(fields.join('\u0000'))) ids.push(id);
      }
      if (entries.length < PAGE) return ids;
      from = `(${entries[entries.length - 1][0]}`;
    }
  }
}
