import { Counter, Histogram } from 'prom-client';
import type { MetricsRegistry } from './metrics.registry';

/**
 * How one run of a job ended: `succeeded`; `skipped` (nothing to do); `deferred` (put back to
 * run later without spending an attempt); `retrying` (failed, the queue will try again);
 * `failed` (for good).
 */
export type JobOutcome = 'succeeded' | 'skipped' | 'deferred' | 'retrying' | 'failed';

/** Reports one job run's outcome and error code; the duration is measured for the caller. */
export type JobFinish = (outcome: JobOutcome, code?: string) => void;

/** Error codes are SCREAMING_SNAKE identifiers from code; anything else is reported as OTHER. */
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,47}$/;

/** Upper bounds in seconds: a parse of a cached page up to a slow site with retries. */
const JOB_DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * Job metrics of the queue consumers: run duration and outcome per queue, with the error code
 * of failures, and stalled jobs (whose worker died or lost its lock). The processors report
 * each run, since only they know whether a thrown error means "retry", "later" or "never".
 */
export class QueueMetrics {
  private readonly duration: Histogram<'queue' | 'outcome'>;
  private readonly finished: Counter<'queue' | 'outcome' | 'code'>;
  private readonly stalled: Counter<'queue'>;

  constructor(registry: MetricsRegistry) {
    this.duration = new Histogram({
      name: 'scout_queue_job_duration_seconds',
      help: 'Time one job run took in this worker, by queue and outcome.',
      labelNames: ['queue', 'outcome'],
      buckets: JOB_DURATION_BUCKETS,
      registers: [registry],
    });
    this.finished = new Counter({
      name: 'scout_queue_jobs_finished_total',
      help: 'Job runs by queue, outcome (succeeded, skipped, deferred, retrying, failed) and error code (none when it did not fail).',
      labelNames: ['queue', 'outcome', 'code'],
      registers: [registry],
    });
    this.stalled = new Counter({
      name: 'scout_queue_jobs_stalled_total',
      help: 'Jobs this worker found stalled (their worker died or lost the lock) and put back to run again, by queue.',
      labelNames: ['queue'],
      registers: [registry],
    });
  }

  /** Starts timing one run; call the result once with how it ended. */
  startJob(queue: string): JobFinish {
    const started = process.hrtime.bigint();
    return (outcome, code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.duration.observe({ queue, outcome }, seconds);
      const label = code === undefined ? 'none' : ERROR_CODE.test(code) ? code : 'OTHER';
      this.finished.inc({ queue, outcome, code: label });
    };
  }

  jobStalled(queue: string): void {
    this.stalled.inc({ queue });
  }
}
