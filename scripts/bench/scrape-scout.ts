// (b) and (d) of the scraping part: Scout scraping profiles end to end from the fake site (api
// batch route → queue → worker → fetch, parse, write), the worker under the CPU profiler and its
// database round trips counted, the CPU of every process; then (d), a bare fetch + parse loop over
// (b)'s pages, the floor of a job's own cost.
import path from 'node:path';

import type { FakeSite } from '../../test/fixtures/fake-site';
import { analyseProfile, type CpuBreakdown } from './cpu-profile';
import { type CountingRelay, measureFloor, startCountingRelay } from './job-cost';
import { cpuBetween, engineCpu, engineName, type ProcessCpu, processCpu } from './process-cpu';
import { fmt } from './report';
import type { CpuRow, ScrapeBenchOptions, ScrapeReport, Spread } from './scrape';
import { track } from './support/resources';
import {
  deferred,
  describeFailure,
  enqueue,
  finishedJobs,
  publicIds,
  type ScrapeJobView,
  waitUntilDrained,
} from './support/scrape-queue';
import { scrapeEnv, startScoutStack, type ScoutStack } from './support/scout-stack';
import { benchTarget } from './support/target';

const PREFIX = 'bench-scrape-';

/** What the run of (b) left to compute its figures from. */
interface Scraped {
  jobs: ScrapeJobView[];
  enqueueSeconds: number;
  startedMono: bigint;
  startedEpoch: number;
  cpu: ProcessCpu;
  databaseRequests: number;
  siteRequests: number;
}

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted.length
      ? (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0)
      : NaN;
  return { p50: at(0.5), p90: at(0.9), max: sorted.at(-1) ?? NaN };
}

function ms(from: string | undefined, to: string | undefined): number {
  if (!from || !to) return NaN;
  return Date.parse(to) - Date.parse(from);
}

/**
 * Charges every CPU second of (b) to a part of the pipeline: the database server to write, the
 * Redis server to queue, the api to enqueueing, the worker's seconds split by its profile's
 * shares, and the bench process (fake site, polling) apart as not Scout.
 */
function attribute(cpu: ProcessCpu, profile: CpuBreakdown): CpuRow[] {
  const worker = cpu.get('worker') ?? 0;
  const share = (ms: number): number => (profile.busyMs > 0 ? (worker * ms) / profile.busyMs : 0);
  const database = engineCpu(cpu);
  const dbName = engineName(cpu);
  const p = profile.ms;
  return [
    { name: `write: ${dbName} (every query, the batch route's too)`, seconds: database },
    { name: 'write: worker (mongoose, driver, bson, repositories)', seconds: share(p.write) },
    { name: 'queue: Redis server', seconds: cpu.get('Redis') ?? 0 },
    { name: 'queue: worker (bullmq, ioredis)', seconds: share(p.queue) },
    { name: 'parse: worker (cheerio, JSON-LD/HTML readers)', seconds: share(p.parse) },
    { name: 'fetch: worker (undici, http)', seconds: share(p.fetch) },
    {
      name: 'worker: Nest, logging, GC, runtime',
      seconds: share(p['other JS'] + p.logging + p.gc + p.native),
    },
    { name: 'api: batch route (enqueue)', seconds: cpu.get('api') ?? 0 },
    { name: 'not Scout: fake site, bench polling', seconds: cpu.get('bench') ?? 0 },
  ];
}

/** Enqueues `ids`, waits until every job succeeded, and reads what the run cost. */
async function scrapeAll(
  stack: ScoutStack,
  relay: CountingRelay,
  site: FakeSite,
  ids: string[],
  options: ScrapeBenchOptions,
): Promise<Scraped> {
  const { config, say } = options;
  site.resetCounts();
  const requestsBefore = relay.requests();
  const cpuBefore = processCpu();
  const startedMono = process.hrtime.bigint();
  const startedEpoch = Date.now();
  await enqueue(stack.api, ids);
  const enqueueSeconds = (Date.now() - startedEpoch) / 1000;
  say(`(b) enqueued ${ids.length} scrape jobs in ${fmt(enqueueSeconds, 1)} s`);
  const drained = await waitUntilDrained(stack.api, stack.queue, {
    timeoutMs: config.scoutTimeoutMs,
    failOnFailed: true,
    label: '(b) Scout',
    say,
  });
  const cpu = cpuBetween(cpuBefore, processCpu());
  const databaseRequests = relay.requests() - requestsBefore;
  if (!drained) throw new Error(`(b) Scout: not done within ${config.scoutTimeoutMs / 1000} s`);
  const siteRequests = site.requests();
  const jobs = await finishedJobs(stack.api, PREFIX);
  const failed = jobs.find((job) => job.status !== 'succeeded');
  if (failed) throw new Error(`(b) Scout: ${describeFailure(failed)}`);
  if (jobs.length !== ids.length) {
    throw new Error(`(b) Scout: the API lists ${jobs.length} of ${ids.length} jobs succeeded`);
  }
  return { jobs, enqueueSeconds, startedMono, startedEpoch, cpu, databaseRequests, siteRequests };
}

/** (b)'s wall time, per-job spreads, and its rate over the first and last fifth of completions. */
interface Timings {
  lastFinished: number;
  seconds: number;
  wait: Spread;
  run: Spread;
  meanInFlight: number;
  firstFifthJobsPerSecond: number;
  lastFifthJobsPerSecond: number;
}

function timings(scraped: Scraped): Timings {
  const finishes = scraped.jobs
    .map((job) => Date.parse(job.finishedAt ?? ''))
    .sort((a, b) => a - b);
  const lastFinished = finishes.at(-1) ?? NaN;
  const seconds = (lastFinished - scraped.startedEpoch) / 1000;
  const runs: number[] = [];
  const waits: number[] = [];
  for (const job of scraped.jobs) {
    const running = job.transitions.filter((t) => t.status === 'running');
    waits.push(ms(job.createdAt, running[0]?.at));
    runs.push(ms(running.at(-1)?.at, job.finishedAt));
  }
  const sumRuns = runs.reduce((sum, value) => sum + value, 0);
  const fifth = Math.max(1, Math.floor(finishes.length / 5));
  const rate = (from: number, to: number): number =>
    ((to - from) * 1000) / ((finishes[to] ?? NaN) - (finishes[from] ?? NaN));
  return {
    lastFinished,
    seconds,
    wait: spread(waits),
    run: spread(runs),
    meanInFlight: sumRuns / (seconds * 1000),
    firstFifthJobsPerSecond: rate(0, fifth),
    lastFifthJobsPerSecond: rate(finishes.length - 1 - fifth, finishes.length - 1),
  };
}

/** (b)'s figures from the run, the worker's profile and the CPU readings. */
function scoutFigures(
  scraped: Scraped,
  time: Timings,
  profile: CpuBreakdown,
): ScrapeReport['scout'] {
  const { cpu, jobs } = scraped;
  const count = jobs.length;
  return {
    jobs: count,
    enqueueSeconds: scraped.enqueueSeconds,
    seconds: time.seconds,
    jobsPerSecond: count / time.seconds,
    wait: time.wait,
    run: time.run,
    meanInFlight: time.meanInFlight,
    firstFifthJobsPerSecond: time.firstFifthJobsPerSecond,
    lastFifthJobsPerSecond: time.lastFifthJobsPerSecond,
    siteRequests: scraped.siteRequests,
    deferredJobs: deferred(jobs),
    profile,
    processCpu: [...cpu.entries()]
      .map(([name, value]) => ({ name, seconds: value }))
      .sort((a, b) => b.seconds - a.seconds),
    attribution: attribute(cpu, profile),
    databaseRequestsPerJob: scraped.databaseRequests / count,
    workerCpuMsPerJob: (1000 * (cpu.get('worker') ?? NaN)) / count,
    engineCpuMsPerJob: (1000 * engineCpu(cpu)) / count,
  };
}

/**
 * Runs (b) with a database, queue prefix, api and worker of its own, the worker under
 * `--cpu-prof` (its profile written to `profileDir` when it stops) and behind a counting relay;
 * then (d) over the same pages. Throws unless every job succeeded.
 */
export async function runScoutScrape(
  options: ScrapeBenchOptions,
  site: FakeSite,
  concurrency: number,
  profileDir: string,
): Promise<Pick<ScrapeReport, 'scout' | 'floor'>> {
  const { say } = options;
  const relay = await startCountingRelay(options.mongoUri);
  track(() => relay.close());
  const target = benchTarget(options, 'scout_bench_scrape_b', 1);
  const stack = await startScoutStack({
    name: 'scrape-b',
    target,
    env: scrapeEnv(site, 'bench-scout-b', concurrency),
    workers: 1,
    workerArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-name=worker.cpuprofile'],
    workerMongoUri: `${relay.uri}/scout_bench_scrape_b`,
  });
  say(`fake site on ${site.url}; api ${stack.api.url}; worker (profiled) ${stack.workers[0]?.url}`);
  const ids = publicIds(PREFIX, options.config.scoutJobs);
  const scraped = await scrapeAll(stack, relay, site, ids, options);
  const time = timings(scraped);
  say(
    `(b) Scout: ${ids.length} profiles scraped in ${fmt(time.seconds, 1)} s ` +
      `(${fmt(ids.length / time.seconds, 1)} jobs/s), ${scraped.siteRequests} site requests`,
  );
  // The profiler writes its file when the worker exits.
  await stack.stop();
  const endMono =
    scraped.startedMono + BigInt(time.lastFinished - scraped.startedEpoch) * 1_000_000n;
  const profile = analyseProfile(
    path.join(profileDir, 'worker.cpuprofile'),
    Number(scraped.startedMono / 1000n),
    Number(endMono / 1000n),
  );
  const floor = await measureFloor(site.url, ids, concurrency);
  say(
    `(d) bare fetch + parse: ${floor.jobs} pages in ${fmt(floor.seconds, 1)} s, ` +
      `${fmt((1000 * floor.cpuSeconds) / floor.jobs, 2)} ms CPU per page`,
  );
  return {
    scout: scoutFigures(scraped, time, profile),
    floor: {
      jobs: floor.jobs,
      seconds: floor.seconds,
      cpuMsPerJob: (1000 * floor.cpuSeconds) / floor.jobs,
    },
  };
}
