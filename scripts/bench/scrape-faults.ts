// (c) of the scraping part: the pipeline of (b), in a fresh database behind a fresh api and
// worker, with 20% of the fake site's answers turned into 503s; every job must still succeed
// within 1.35 site requests per job.
import type { FakeSite } from '../../test/fixtures/fake-site';
import { fmt } from './report';
import type { ScrapeBenchOptions, ScrapeReport } from './scrape';
import {
  deferred,
  describeFailure,
  enqueue,
  finishedJobs,
  publicIds,
  type ScrapeJobView,
  waitUntilDrained,
} from './support/scrape-queue';
import { scrapeEnv, startScoutStack } from './support/scout-stack';
import { benchTarget } from './support/target';

/** The injected fault of (c) and its target. */
const FAULT_RATE = 0.2;
const FAULT_STATUS = 503;
const MAX_REQUESTS_PER_JOB = 1.35;
const PREFIX = 'bench-fault-';

/** (c)'s figures from its finished jobs and the site's request count. */
function faultFigures(
  jobs: number,
  finished: ScrapeJobView[],
  requests: number,
  seconds: number,
): ScrapeReport['fault'] {
  const succeeded = finished.filter((job) => job.status === 'succeeded').length;
  const failedJobs = finished.filter((job) => job.status !== 'succeeded');
  return {
    injected: `${FAULT_RATE * 100}% ${FAULT_STATUS}s`,
    jobs,
    succeeded,
    failed: failedJobs.length,
    unfinished: jobs - finished.length,
    requests,
    seconds,
    requeuedJobs: finished.filter(
      (job) => job.transitions.filter((t) => t.status === 'running').length > 1,
    ).length,
    deferredJobs: deferred(finished),
    failures: failedJobs.slice(0, 3).map(describeFailure),
    maxRequestsPerJob: MAX_REQUESTS_PER_JOB,
    pass: succeeded === jobs && requests <= MAX_REQUESTS_PER_JOB * jobs,
  };
}

/** Runs (c); a timeout is a note and a miss, not a failure of the bench. */
export async function runFaultScrape(
  options: ScrapeBenchOptions,
  site: FakeSite,
  concurrency: number,
): Promise<{ fault: ScrapeReport['fault']; notes: string[] }> {
  const { config, say } = options;
  const stack = await startScoutStack({
    name: 'scrape-c',
    target: benchTarget(options, 'scout_bench_scrape_c', 1),
    env: scrapeEnv(site, 'bench-scout-c', concurrency),
    workers: 1,
  });
  const ids = publicIds(PREFIX, config.faultJobs);
  site.resetCounts();
  site.setFault('*', { status: FAULT_STATUS, rate: FAULT_RATE });
  const started = Date.now();
  await enqueue(stack.api, ids);
  const drained = await waitUntilDrained(stack.api, stack.queue, {
    timeoutMs: config.faultTimeoutMs,
    failOnFailed: false,
    label: `(c) ${FAULT_RATE * 100}% ${FAULT_STATUS}s`,
    say,
  });
  const seconds = (Date.now() - started) / 1000;
  const requests = site.requests();
  site.clearFaults();
  const finished = await finishedJobs(stack.api, PREFIX);
  await stack.stop();
  const notes = drained
    ? []
    : [
        `- (c) was not done after ${config.faultTimeoutMs / 1000} s: ` +
          `${ids.length - finished.length} jobs were still queued or running.`,
      ];
  const fault = faultFigures(ids.length, finished, requests, seconds);
  say(
    `(c) ${fault.injected}: ${fault.succeeded} of ${fault.jobs} succeeded, ` +
      `${fault.failed} failed; ${requests} site requests (${fmt(requests / fault.jobs, 3)} per ` +
      `job) in ${fmt(seconds, 1)} s`,
  );
  return { fault, notes };
}
