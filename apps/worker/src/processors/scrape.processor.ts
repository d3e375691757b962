import { Injectable } from '@nestjs/common';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { QueueMetrics, readTraceCarrier, reportError, traceJob } from '@scout/observability';
import { parseScrapeJobPayload, QueueName } from '@scout/scraping';
import type { QueueProcessor } from '../queues/queue-registry';
import type { RunOutcome } from '../scrape/scrape-run.types';
import { ScrapeRunner } from '../scrape/scrape.runner';

/** Error code of a job whose payload is not a scrape job (reported in metrics). */
const INVALID_PAYLOAD = 'INVALID_PAYLOAD';
/** Error code of a run that threw instead of returning an outcome (reported in metrics). */
const UNEXPECTED = 'UNEXPECTED';

/**
 * Thin delivery for the scrape queue: validate the payload, run the job, translate the outcome
 * into BullMQ terms — deferred jobs go back to the delayed set without spending an attempt,
 * final failures are unrecoverable, transient ones are retried with the queue's backoff — and
 * report each run's outcome and duration to the queue metrics. Each run is a span of the trace
 * that enqueued it; a final failure (never a retry) goes to error tracking.
 */
@Injectable()
export class ScrapeProcessor implements QueueProcessor {
  constructor(
    private readonly runner: ScrapeRunner,
    private readonly metrics: QueueMetrics,
  ) {}

  async process(job: Job, token?: string): Promise<Record<string, unknown>> {
    const carrier = readTraceCarrier((job.data as { trace?: unknown } | undefined)?.trace);
    return traceJob(
      {
        queue: QueueName.Scrape,
        name: job.name,
        id: job.id,
        attempt: job.attemptsMade + 1,
        carrier,
      },
      () => this.run(job, token),
      (error) => error instanceof DelayedError,
    );
  }

  private async run(job: Job, token?: string): Promise<Record<string, unknown>> {
    const where = { job: job.name, jobId: job.id };
    const finish = this.metrics.startJob(QueueName.Scrape);
    let payload;
    try {
      payload = parseScrapeJobPayload(job.data);
    } catch (error) {
      finish('failed', INVALID_PAYLOAD);
      reportError(error, { ...where, code: INVALID_PAYLOAD });
      throw new UnrecoverableError((error as Error).message);
    }
    const attempt = job.attemptsMade + 1;
    const isLast = attempt >= (job.opts.attempts ?? 1);
    let outcome: RunOutcome;
    try {
      outcome = await this.runner.run(payload, { number: attempt, isLast });
    } catch (error) {
      finish(isLast ? 'failed' : 'retrying', UNEXPECTED);
      if (isLast) reportError(error, { ...where, requestId: payload.requestId, code: UNEXPECTED });
      throw error;
    }
    switch (outcome.kind) {
      case 'succeeded':
        finish('succeeded');
        return { profileId: outcome.profileId, changed: outcome.changed };
      case 'skipped':
        finish('skipped');
        return { skipped: outcome.reason };
      case 'deferred':
        finish('deferred');
        await job.moveToDelayed(Date.now() + outcome.delayMs, token);
        throw new DelayedError();
      case 'failed':
        finish(outcome.final ? 'failed' : 'retrying', outcome.code);
        if (outcome.final) {
          const failure = new UnrecoverableError(outcome.code);
          reportError(failure, { ...where, requestId: payload.requestId, code: outcome.code });
          throw failure;
        }
        throw new Error(outcome.code);
    }
  }
}
