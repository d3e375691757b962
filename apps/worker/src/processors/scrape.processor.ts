import { Injectable } from '@nestjs/common';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { parseScrapeJobPayload, ScrapeRunner } from '@scout/scraping';

/**
 * Thin delivery for the scrape queue: validate the payload, run the job, translate the outcome
 * into BullMQ terms — deferred jobs go back to the delayed set without spending an attempt,
 * final failures are unrecoverable, transient ones are retried with the queue's backoff.
 */
@Injectable()
export class ScrapeProcessor {
  constructor(private readonly runner: ScrapeRunner) {}

  async process(job: Job, token?: string): Promise<Record<string, unknown>> {
    let payload;
    try {
      payload = parseScrapeJobPayload(job.data);
    } catch (error) {
      throw new UnrecoverableError((error as Error).message);
    }
    const attempt = job.attemptsMade + 1;
    const outcome = await this.runner.run(payload, {
      number: attempt,
      isLast: attempt >= (job.opts.attempts ?? 1),
    });
    switch (outcome.kind) {
      case 'succeeded':
        return { profileId: outcome.profileId, changed: outcome.changed };
      case 'skipped':
        return { skipped: outcome.reason };
      case 'deferred':
        await job.moveToDelayed(Date.now() + outcome.delayMs, token);
        throw new DelayedError();
      case 'failed':
        if (outcome.final) throw new UnrecoverableError(outcome.code);
        throw new Error(outcome.code);
    }
  }
}
