// (a) of the scraping part: bare BullMQ running no-op jobs in the bench process against the same
// Redis, the ceiling Scout's own pipeline is set against.
import { setTimeout as delay } from 'node:timers/promises';

import { type Job, Queue, Worker } from 'bullmq';

import { fmt, median } from './report';
import { track } from './support/resources';
import { redisConnection, SCRAPE_BATCH } from './support/scrape-queue';

/** Queue prefix of (a), so nothing mixes with another run's keys. */
const RAW_PREFIX = 'bench-raw';
const RAW_TIMEOUT_MS = 120_000;

/** What (a) measured: seconds per round and their median. */
export interface RawFigures {
  jobs: number;
  seconds: number[];
  medianSeconds: number;
  jobsPerSecond: number;
}

/** Resolves when `worker` has completed `jobs` jobs, with the time of the last completion. */
function completions(worker: Worker, jobs: number): { done: Promise<number>; count: () => number } {
  let completed = 0;
  const done = new Promise<number>((resolve, reject) => {
    worker.on('completed', () => {
      completed += 1;
      if (completed === jobs) resolve(performance.now());
    });
    worker.on('failed', (job: Job | undefined, error: Error) =>
      reject(new Error(`bare BullMQ job ${job?.id ?? '?'} failed: ${error.message}`)),
    );
  });
  return { done, count: () => completed };
}

/**
 * One round: a Queue and a Worker (no-op processor, Scout's concurrency) in this process;
 * `jobs` added with addBulk in chunks of 1,000, timed from the first add to the last completion.
 * Completed jobs are trimmed as Scout trims them (keep 1,000).
 */
async function rawRound(
  redisUrl: string,
  concurrency: number,
  jobs: number,
  round: number,
): Promise<number> {
  const connection = redisConnection(redisUrl);
  const name = `noop-r${round}`;
  const queue = new Queue(name, { connection, prefix: RAW_PREFIX });
  const worker = new Worker(name, async () => undefined, {
    connection,
    prefix: RAW_PREFIX,
    concurrency,
  });
  const close = track(async () => {
    await worker.close(true);
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  });
  try {
    await worker.waitUntilReady();
    const completed = completions(worker, jobs);
    const started = performance.now();
    for (let from = 0; from < jobs; from += SCRAPE_BATCH) {
      const count = Math.min(SCRAPE_BATCH, jobs - from);
      await queue.addBulk(
        Array.from({ length: count }, (_, i) => ({
          name: 'noop',
          data: { n: from + i },
          opts: { removeOnComplete: { count: 1_000 } },
        })),
      );
    }
    const timeout = delay(RAW_TIMEOUT_MS, 'timeout' as const, { ref: false });
    const last = await Promise.race([completed.done, timeout]);
    if (last === 'timeout') {
      throw new Error(`bare BullMQ: ${completed.count()} of ${jobs} jobs done after 120 s`);
    }
    return (last - started) / 1000;
  } finally {
    await close();
  }
}

/** Runs `rounds` rounds of (a) against `redisUrl` and reports their median. */
export async function runRawBullmq(
  redisUrl: string,
  concurrency: number,
  jobs: number,
  rounds: number,
  say: (line: string) => void,
): Promise<RawFigures> {
  const seconds: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const took = await rawRound(redisUrl, concurrency, jobs, round);
    seconds.push(took);
    say(
      `round ${round}  (a) bare BullMQ: ${jobs} no-op jobs in ${fmt(took, 2)} s ` +
        `(${fmt(jobs / took, 0)} jobs/s, concurrency ${concurrency})`,
    );
  }
  const medianSeconds = median(seconds);
  return { jobs, seconds, medianSeconds, jobsPerSecond: jobs / medianSeconds };
}
