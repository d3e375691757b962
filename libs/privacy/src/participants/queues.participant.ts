import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppConfig } from '@scout/config';
import { RedisClientFactory } from '@scout/database';
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
 * BullMQ jobs of the person in every queue Scout has (found in Redis, not from a list): jobs in
 * any state whose id is one of the person's scrape jobs or whose data, result or error mentions
 * them, and the entries of each queue's event stream that do. A job running right now cannot be
 * taken from its worker: it is left to finish (the suppression list stops it landing anything),
 * and the erasure waits and removes it on a later pass.
 */
@Injectable()
export class QueuesParticipant implements ErasureParticipant, OnModuleInit, OnModuleDestroy {
  readonly store = 'queues';
  private readonly redis: Redis;
  private readonly queues = new Map<string, Queue>();

  constructor(
    factory: RedisClientFactory,
    private readonly config: AppConfig,
    private readonly registry: ErasureParticipants,
  ) {
    this.redis = factory.create('privacy-queues', { maxRetriesPerRequest: 1 });
  }

  onModuleInit(): void {
    this.registry.register(this, ERASURE_ORDER.queues);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }

  async find(subject: ErasureSubject): Promise<number> {
    const matcher = new PersonMatcher(subject, subject.scrapeJobIds);
    let found = 0;
    for (const queue of await this.allQueues()) {
      found += (await this.jobsOf(queue, subject, matcher)).length;
      found += (await this.streamEntries(queue, matcher)).length;
    }
    return found;
  }

  async remove(subject: ErasureSubject): Promise<number> {
    const matcher = new PersonMatcher(subject, subject.scrapeJobIds);
    let removed = 0;
    let running = 0;
    for (const queue of await this.allQueues()) {
      for (const job of await this.jobsOf(queue, subject, matcher)) {
        if ((await job.getState()) === 'active' || !(await this.tryRemove(job))) running++;
        else removed++;
      }
      const entries = await this.streamEntries(queue, matcher);
      if (entries.length > 0) removed += await this.redis.xdel(queue.keys.events, ...entries);
    }
    if (running > 0) {
      throw new ErasureDeferredError(
        `${running} queue job(s) of this person still running`,
        removed,
      );
    }
    return removed;
  }

  private async tryRemove(job: Job): Promise<boolean> {
    try {
      await job.remove();
      return true;
    } catch {
      // Locked: it became active meanwhile.
      return false;
    }
  }

  /** Every queue with a meta key under the configured prefix. */
  private async allQueues(): Promise<Queue[]> {
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

  private async jobsOf(queue: Queue, subject: ErasureSubject, matcher: PersonMatcher) {
    const found = new Map<string, Job>();
    for (const id of subject.scrapeJobIds) {
      const job = await queue.getJob(id);
      if (job?.id) found.set(job.id, job);
    }
    for (let start = 0; ; start += PAGE) {
      const page = await queue.getJobs([...JOB_STATES], start, start + PAGE - 1, true);
      for (const job of page) {
        if (!job?.id || found.has(job.id)) continue;
        const text = JSON.stringify([job.data, job.returnvalue, job.failedReason, job.stacktrace]);
        if (matcher.matches(text)) found.set(job.id, job);
      }
      if (page.length < PAGE) break;
    }
    return [...found.values()];
  }

  /** Ids of the queue's event stream entries that mention the person or their jobs. */
  private async streamEntries(queue: Queue, matcher: PersonMatcher): Promise<string[]> {
    const ids: string[] = [];
    let from = '-';
    for (;;) {
      const entries = await this.redis.xrange(queue.keys.events, from, '+', 'COUNT', PAGE);
      for (const [id, fields] of entries) {
        if (matcher.matches(fields.join('\u0000'))) ids.push(id);
      }
      if (entries.length < PAGE) return ids;
      from = `(${entries[entries.length - 1][0]}`;
    }
  }
}
