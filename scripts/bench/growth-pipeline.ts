// The pipeline row of the growth part: scrape jobs of new profiles end to end at one size, as
// many as fit the row's time budget at the cost per job estimated from the smaller sizes.
import type { Queue } from 'bullmq';

import { type GrowthCell, REQUEST_LIMIT_S } from './growth-plan';
import { enqueue, finishedJobs, waitUntilDrained } from './support/scrape-queue';
import type { ApiEndpoint } from './workload';

/** The pipeline's time budget per size, its job count bounds, and its hard stop. */
const PIPELINE_BUDGET_MS = 30_000;
export const PIPELINE_MIN_JOBS = 8;
const PIPELINE_MAX_JOBS = 200;
export const PIPELINE_MAX_MS = 180_000;

/** Scrapes `jobs` new profiles end to end; returns ms per job (first POST to last finishedAt). */
async function scrapeRound(
  api: ApiEndpoint,
  queue: Queue,
  prefix: string,
  jobs: number,
  say: (line: string) => void,
): Promise<number> {
  const ids = Array.from({ length: jobs }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
  const started = Date.now();
  try {
    await enqueue(api, ids);
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'TimeoutError') throw error;
    const timeout = new Error(
      `\`POST /v1/scrape-jobs/batch\` of ${jobs} new profiles was not answered within ${REQUEST_LIMIT_S} s`,
    );
    timeout.name = 'TimeoutError';
    throw timeout;
  }
  const drained = await waitUntilDrained(api, queue, {
    timeoutMs: 2 * PIPELINE_MAX_MS,
    failOnFailed: true,
    label: `growth pipeline (${jobs} jobs)`,
    say,
  });
  if (!drained) throw new Error(`${prefix}: ${jobs} scrape jobs did not finish in time`);
  const succeeded = (await finishedJobs(api, prefix)).filter((job) => job.status === 'succeeded');
  if (succeeded.length !== jobs)
    throw new Error(`${prefix}: ${succeeded.length} of ${jobs} succeeded`);
  const last = Math.max(...succeeded.map((job) => Date.parse(job.finishedAt ?? '')));
  return (last - started) / jobs;
}

/**
 * The pipeline at one size: as many jobs as fit {@link PIPELINE_BUDGET_MS} at the estimated
 * cost per job. Without an estimate (the first size) a probe of {@link PIPELINE_MIN_JOBS} jobs
 * gives one, and is the figure itself when a larger round would not fit the budget.
 */
export async function pipeline(
  api: ApiEndpoint,
  queue: Queue,
  size: number,
  estimate: number | undefined,
  say: (line: string) => void,
): Promise<GrowthCell> {
  const prefix = `growth-scrape-${size}-`;
  let perJob = estimate;
  let probe: GrowthCell | undefined;
  if (perJob === undefined) {
    perJob = await scrapeRound(api, queue, `growth-probe-${size}-`, PIPELINE_MIN_JOBS, say);
    probe = { ms: perJob, samples: PIPELINE_MIN_JOBS };
  }
  const jobs = Math.min(PIPELINE_MAX_JOBS, Math.floor(PIPELINE_BUDGET_MS / perJob));
  if (jobs < PIPELINE_MIN_JOBS * (probe ? 2 : 1)) {
    return (
      probe ?? {
        ms: await scrapeRound(api, queue, prefix, PIPELINE_MIN_JOBS, say),
        samples: PIPELINE_MIN_JOBS,
      }
    );
  }
  return { ms: await scrapeRound(api, queue, prefix, jobs, say), samples: jobs };
}
