// The scraping part of `npm run bench`: (a) bare BullMQ running no-op jobs, (b) Scout scraping
// profiles end to end from the fake site (api batch route → queue → worker → fetch, parse,
// write), with a CPU profile of the worker and the CPU of every process, and (c) the same
// pipeline with 20% of the site's answers turned into 503s, and (d) a bare fetch + parse loop over
// (b)'s pages, the floor of a job's own cost. See docs/benchmarks.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { type ConnectionOptions, type Job, Queue, Worker } from 'bullmq';
import { parse as parseYaml } from 'yaml';
import type { components } from '@scout/client';

import { COMPANIES, startFakeSite, type FakeSite } from '../../test/fixtures/fake-site';
import { REPO_ROOT } from '../lib/system';
import {
  analyseProfile,
  type CpuBreakdown,
  cpuBetween,
  type ProcessCpu,
  processCpu,
} from './cpu-profile';
import { scoutClient } from './http';
import { measureFloor, startCountingRelay } from './job-cost';
import { fmt, median } from './report';
import {
  type ApiTarget,
  prepareDatabase,
  type Server,
  startApi,
  startWorker,
  stopServer,
} from './servers';

/** The api's batch route takes at most this many targets per request. */
const SCRAPE_BATCH = 1_000;
/** The highest SCRAPER_RATE_PER_MINUTE the config accepts: far above what 2 cores can fetch. */
const RATE_PER_MINUTE = 100_000;
/** Queue prefixes of this part, so nothing mixes with another run's keys. */
const RAW_PREFIX = 'bench-raw';
const SCOUT_PREFIX = 'bench-scout';
const POLL_MS = 1_000;
/** The injected fault of (c) and its target. */
const FAULT_RATE = 0.2;
const FAULT_STATUS = 503;
const MAX_REQUESTS_PER_JOB = 1.35;

/** What the scraping part runs; the defaults are the issue's, the knobs make quick runs. */
export interface ScrapeConfig {
  rawJobs: number;
  scoutJobs: number;
  faultJobs: number;
  /** Rounds of (a); its median is reported. (b) and (c) run once: they take minutes. */
  rawRounds: number;
  /** Hard bounds: past them the part fails (b) or reports a miss (c). */
  scoutTimeoutMs: number;
  faultTimeoutMs: number;
  /** Why (b) and (c) run fewer jobs than the issue's, if they do. */
  reducedBecause?: string;
}

/** Percentiles of one per-job duration, in ms. */
export interface Spread {
  p50: number;
  p90: number;
  max: number;
}

/** CPU seconds of one part of the pipeline during (b), and what it covers. */
export interface CpuRow {
  name: string;
  seconds: number;
}

/** Figures of the scraping part, for the terminal and docs/benchmarks.md. */
export interface ScrapeReport {
  concurrency: number;
  /** Why (b) and (c) ran fewer jobs than the issue's, if they did. */
  reducedBecause?: string;
  raw: { jobs: number; seconds: number[]; medianSeconds: number; jobsPerSecond: number };
  scout: {
    jobs: number;
    enqueueSeconds: number;
    seconds: number;
    jobsPerSecond: number;
    /** queued → first running, and running → succeeded, per job. */
    wait: Spread;
    run: Spread;
    /** Mean jobs in flight: the sum of run times over the wall time. */
    meanInFlight: number;
    /** Jobs/s over the first and the last fifth of completions (cost growth with collection size). */
    firstFifthJobsPerSecond: number;
    lastFifthJobsPerSecond: number;
    siteRequests: number;
    /** Jobs sent back to the queue by the rate limit or breaker at least once (expected: 0). */
    deferredJobs: number;
    /** The worker's CPU profile by category, within (b)'s window. */
    profile: CpuBreakdown;
    /** CPU seconds per process during (b), largest first. */
    processCpu: CpuRow[];
    /** Every CPU second of (b) charged to fetch, parse, write, queue or the rest. */
    attribution: CpuRow[];
    /** MongoDB wire-protocol requests of the worker during (b), per job (monitoring included). */
    databaseRequestsPerJob: number;
    workerCpuMsPerJob: number;
    /** The database server's CPU during (b), per job. */
    engineCpuMsPerJob: number;
  };
  /** (d) the bare fetch + parse loop over (b)'s pages: the floor of a job's own cost. */
  floor: { jobs: number; seconds: number; cpuMsPerJob: number };
  fault: {
    /** The fault, e.g. "20% 503s". */
    injected: string;
    jobs: number;
    succeeded: number;
    failed: number;
    /** Jobs neither succeeded nor failed when the wait ended (timeout). */
    unfinished: number;
    requests: number;
    seconds: number;
    /** Jobs that needed more than one run (a queue-level retry after in-process retries). */
    requeuedJobs: number;
    /** Jobs deferred by the rate limit or an open breaker at least once. */
    deferredJobs: number;
    failures: string[];
    /** The request bound of the target, per job. */
    maxRequestsPerJob: number;
    pass: boolean;
  };
  notes: string[];
}

/** Something to close when the bench stops, whatever state it is in. */
const openResources = new Set<() => Promise<void>>();

/**
 * Closes what this part opened and has not closed yet (servers, queues, the fake site, the
 * profile directory); safe to call twice.
 */
export async function closeScrapeResources(): Promise<void> {
  await Promise.allSettled([...openResources].map((close) => close()));
}

/** Registers a closer; the returned function closes once and unregisters it. */
function track(close: () => Promise<void>): () => Promise<void> {
  const once = async (): Promise<void> => {
    if (!openResources.delete(once)) return;
    await close();
  };
  openResources.add(once);
  return once;
}

/**
 * Scout's worker concurrency as production runs it: `queue.concurrency` from
 * config/default.yaml, overridden by config/production.yaml if that sets it. Both (a) and (b)
 * use it, and the worker gets it explicitly as WORKER_CONCURRENCY.
 */
export function scoutWorkerConcurrency(): number {
  let value: unknown;
  for (const name of ['default.yaml', 'production.yaml']) {
    const file = path.join(REPO_ROOT, 'config', name);
    if (!fs.existsSync(file)) continue;
    const parsed = parseYaml(fs.readFileSync(file, 'utf8')) as {
      queue?: { concurrency?: unknown };
    };
    value = parsed?.queue?.concurrency ?? value;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new Error('config/*.yaml has no positive queue.concurrency');
  }
  return value;
}

export function redisConnection(redisUrl: string): ConnectionOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    db: Number(url.pathname.slice(1) || 0),
    maxRetriesPerRequest: null,
  };
}

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted.length
      ? (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0)
      : NaN;
  return { p50: at(0.5), p90: at(0.9), max: sorted.at(-1) ?? NaN };
}

/**
 * (a) Bare BullMQ: a Queue and a Worker (no-op processor, Scout's concurrency) in this process
 * against the same Redis; `jobs` added with addBulk in chunks of 1,000, timed from the first
 * add to the last completion. Completed jobs are trimmed as Scout trims them (keep 1,000).
 */
async function rawBullmq(
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
    let completed = 0;
    let lastCompletion = 0;
    const allDone = new Promise<void>((resolve, reject) => {
      worker.on('completed', () => {
        completed += 1;
        if (completed === jobs) {
          lastCompletion = performance.now();
          resolve();
        }
      });
      worker.on('failed', (job: Job | undefined, error: Error) =>
        reject(new Error(`bare BullMQ job ${job?.id ?? '?'} failed: ${error.message}`)),
      );
    });
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
    const timeout = delay(120_000, 'timeout' as const, { ref: false });
    if ((await Promise.race([allDone.then(() => 'done' as const), timeout])) === 'timeout') {
      throw new Error(`bare BullMQ: ${completed} of ${jobs} jobs done after 120 s`);
    }
    return (lastCompletion - started) / 1000;
  } finally {
    await close();
  }
}

/** A scrape job as `GET /v1/scrape-jobs` lists it. */
type ScrapeJobView = components['schemas']['ScrapeJobDto'];

/** Posts `publicIds` to `POST /v1/scrape-jobs/batch` in requests of 1,000; all must be queued. */
export async function enqueue(api: Server, publicIds: string[]): Promise<void> {
  const scout = scoutClient(api);
  for (let from = 0; from < publicIds.length; from += SCRAPE_BATCH) {
    const profiles = publicIds.slice(from, from + SCRAPE_BATCH);
    const { data: answer } = await scout.POST('/v1/scrape-jobs/batch', { body: { profiles } });
    if (!answer) throw new Error(`scrape batch at ${from}: no results`);
    const notQueued = answer.results.filter((item) => item.status !== 'queued');
    if (notQueued.length > 0 || answer.results.length !== profiles.length) {
      throw new Error(
        `scrape batch at ${from}: ${notQueued.length} of ${answer.results.length} not queued, ` +
          `e.g. ${JSON.stringify(notQueued.slice(0, 2))}`,
      );
    }
  }
}

/**
 * Creates the fake site's companies through `POST /v1/companies`, so the measured scrapes find
 * every employer known (the steady state). On FerretDB the worker's company upsert loses
 * inserts when two jobs meet a new company at once (an unordered bulkWrite stops at the
 * duplicate key there), failing such jobs with "Unknown company"; see the notes.
 */
export async function createCompanies(api: Server): Promise<void> {
  const scout = scoutClient(api);
  for (const company of COMPANIES) {
    await scout.POST('/v1/companies', {
      body: {
        publicId: company.slug,
        name: company.name,
        industry: company.industry,
        website: company.website,
        headquarters: company.headquarters,
      },
    });
  }
}

/** Every job of one status, walked through the API's pages of 100 (newest first). */
async function listJobs(api: Server, status: ScrapeJobView['status']): Promise<ScrapeJobView[]> {
  const jobs: ScrapeJobView[] = [];
  const pages = scoutClient(api).pages('/v1/scrape-jobs', { query: { status, limit: 100 } });
  for await (const job of pages) jobs.push(job);
  return jobs;
}

/** Whether any job of a status exists, from the API's first page of one. */
async function anyJob(
  api: Server,
  status: ScrapeJobView['status'],
): Promise<ScrapeJobView | undefined> {
  const { data: page } = await scoutClient(api).GET('/v1/scrape-jobs', {
    params: { query: { status, limit: 1 } },
  });
  return page?.data[0];
}

function describeFailure(job: ScrapeJobView): string {
  return (
    `job ${job.id} (${job.target.publicId}) ended failed after ${job.attempts} attempt(s): ` +
    `${job.error?.code ?? '?'} ${job.error?.message ?? ''}`
  );
}

/**
 * Waits until Scout's scrape queue holds no job (waiting, prioritized, active or delayed) and
 * the API lists none queued or running. While jobs run it polls only Redis, once a second: a
 * list request on a server that scans (FerretDB) would take CPU from the run it measures. A
 * job in BullMQ's failed set (a final failure) is looked up through the API and, with
 * `failOnFailed`, fails the bench at once. Returns false on timeout.
 */
export async function waitUntilDrained(
  api: Server,
  queue: Queue,
  options: { timeoutMs: number; failOnFailed: boolean; label: string; say: (l: string) => void },
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  let lastSaid = Date.now();
  while (Date.now() < deadline) {
    await delay(POLL_MS);
    const counts = await queue.getJobCounts(
      'waiting',
      'prioritized',
      'active',
      'delayed',
      'failed',
    );
    const left =
      (counts.waiting ?? 0) +
      (counts.prioritized ?? 0) +
      (counts.active ?? 0) +
      (counts.delayed ?? 0);
    if (options.failOnFailed && (counts.failed ?? 0) > 0) {
      const failed = (await anyJob(api, 'failed')) ?? (await anyJob(api, 'dead'));
      throw new Error(
        `${options.label}: ${failed ? describeFailure(failed) : 'a job ended failed in BullMQ'}`,
      );
    }
    if (Date.now() - lastSaid >= 15_000) {
      lastSaid = Date.now();
      options.say(`${options.label}: ${left} jobs still in the queue`);
    }
    if (left > 0) continue;
    if (!(await anyJob(api, 'queued')) && !(await anyJob(api, 'running'))) return true;
  }
  return false;
}

function ms(from: string | undefined, to: string | undefined): number {
  if (!from || !to) return NaN;
  return Date.parse(to) - Date.parse(from);
}

/** Options of {@link runScrapeBench}: services, where to log, and the scale. */
export interface ScrapeBenchOptions {
  /** Base URIs of the throwaway services, without database name or number. */
  mongoUri: string;
  redisUrl: string;
  secrets: { cursorSecret: string; apiKeySecret: string; suppressionSecret: string };
  config: ScrapeConfig;
  say: (line: string) => void;
}

/** A running Scout (api + worker) on a database of its own, and a reader of its queue. */
interface Scout {
  api: Server;
  worker: Server;
  queue: Queue;
  stop: () => Promise<void>;
}

/**
 * Starts Scout for one phase: index sync and an admin key for `database`, the fake site's
 * companies, the built api and the built worker (`workerArgs` go to node), both pointed at the
 * fake site with a rate limit far above what they can reach, and their queue under `prefix`.
 */
async function startScout(
  phase: string,
  options: ScrapeBenchOptions,
  site: FakeSite,
  concurrency: number,
  workerArgs: string[] = [],
  workerMongoUri = options.mongoUri,
): Promise<Scout> {
  const redisUrl = `${options.redisUrl}/1`;
  const target: ApiTarget = {
    mongoUri: `${options.mongoUri}/scout_bench_scrape_${phase}`,
    redisUrl,
    ...options.secrets,
  };
  const prefix = `${SCOUT_PREFIX}-${phase}`;
  const { apiKey } = await prepareDatabase(target);
  const env = {
    SCRAPER_BASE_URL: site.url,
    SCRAPER_RATE_PER_MINUTE: String(RATE_PER_MINUTE),
    QUEUE_PREFIX: prefix,
    WORKER_CONCURRENCY: String(concurrency),
  };
  const api = await startApi(`api-scrape-${phase}`, target, apiKey, env);
  const stopApi = track(() => stopServer(api));
  await createCompanies(api);
  const worker = await startWorker(
    `worker-${phase}`,
    { ...target, mongoUri: `${workerMongoUri}/scout_bench_scrape_${phase}` },
    env,
    workerArgs,
  );
  const stopWorker = track(() => stopServer(worker));
  const queue = new Queue('scrape', { connection: redisConnection(redisUrl), prefix });
  const closeQueue = track(() => queue.close());
  return {
    api,
    worker,
    queue,
    stop: async () => {
      await stopWorker();
      await stopApi();
      await closeQueue();
    },
  };
}

/** Every job of the bench's `prefix` that succeeded, failed or went dead, through the API's lists. */
export async function finishedJobs(api: Server, prefix: string): Promise<ScrapeJobView[]> {
  const all = [
    ...(await listJobs(api, 'succeeded')),
    ...(await listJobs(api, 'failed')),
    ...(await listJobs(api, 'dead')),
  ];
  return all.filter((job) => job.target.publicId.startsWith(prefix));
}

/** Jobs that the rate limit or an open breaker sent back to the queue at least once. */
function deferred(jobs: ScrapeJobView[]): number {
  return jobs.filter((job) => job.transitions.some((t) => t.note?.startsWith('deferred'))).length;
}

function publicIds(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(6, '0')}`);
}

/**
 * Charges every CPU second of (b) to a part of the pipeline: the database server to write, the
 * Redis server to queue, the api to enqueueing, the worker's seconds split by its profile's
 * shares, and the bench process (fake site, polling) apart as not Scout.
 */
function attribute(cpu: ProcessCpu, profile: CpuBreakdown): CpuRow[] {
  const worker = cpu.get('worker') ?? 0;
  const share = (ms: number): number => (profile.busyMs > 0 ? (worker * ms) / profile.busyMs : 0);
  const database = (cpu.get('FerretDB') ?? 0) + (cpu.get('mongod') ?? 0);
  const dbName = cpu.has('FerretDB') ? 'FerretDB' : 'mongod';
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

/**
 * Runs (a), (b) and (c): (a) in this process against Redis database 1; (b) and (c) each with a
 * database, queue prefix, api and worker of their own (so (c) does not start where (b) left the
 * collections), the fake site in this process. (b)'s worker runs under `--cpu-prof`. Throws when
 * (b) does not finish with every job succeeded, or when anything does not start.
 */
export async function runScrapeBench(options: ScrapeBenchOptions): Promise<ScrapeReport> {
  const { config, say } = options;
  const concurrency = scoutWorkerConcurrency();
  const notes: string[] = [];
  if (config.reducedBecause) {
    notes.push(
      `- Reduced scraping scale: ${config.reducedBecause}. This run scraped ` +
        `${fmt(config.scoutJobs, 0)} profiles end to end in (b) instead of the issue's 5,000 and ` +
        `${fmt(config.faultJobs, 0)} under faults in (c) instead of 1,000, to keep the whole bench ` +
        `near 15 minutes; run it against MongoDB for the issue's scale.`,
    );
  }

  // (a) bare BullMQ.
  const rawSeconds: number[] = [];
  for (let round = 1; round <= config.rawRounds; round++) {
    const seconds = await rawBullmq(`${options.redisUrl}/1`, concurrency, config.rawJobs, round);
    rawSeconds.push(seconds);
    say(
      `round ${round}  (a) bare BullMQ: ${config.rawJobs} no-op jobs in ${fmt(seconds, 2)} s ` +
        `(${fmt(config.rawJobs / seconds, 0)} jobs/s, concurrency ${concurrency})`,
    );
  }
  const rawMedian = median(rawSeconds);

  const site = await startFakeSite({ host: '127.0.0.1' });
  track(() => site.close());
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scout-bench-prof-'));
  track(async () => fs.rmSync(profileDir, { recursive: true, force: true }));
  try {
    // (b) Scout end to end, the worker under the CPU profiler, its database requests counted.
    const relay = await startCountingRelay(options.mongoUri);
    track(() => relay.close());
    const scout = await startScout(
      'b',
      options,
      site,
      concurrency,
      ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-name=worker.cpuprofile'],
      relay.uri,
    );
    say(`fake site on ${site.url}; api ${scout.api.url}; worker (profiled) ${scout.worker.url}`);
    const ids = publicIds('bench-scrape-', config.scoutJobs);
    site.resetCounts();
    const requestsBefore = relay.requests();
    const cpuBefore = processCpu();
    const startedMono = process.hrtime.bigint();
    const startedEpoch = Date.now();
    await enqueue(scout.api, ids);
    const enqueueSeconds = (Date.now() - startedEpoch) / 1000;
    say(`(b) enqueued ${ids.length} scrape jobs in ${fmt(enqueueSeconds, 1)} s`);
    const drained = await waitUntilDrained(scout.api, scout.queue, {
      timeoutMs: config.scoutTimeoutMs,
      failOnFailed: true,
      label: '(b) Scout',
      say,
    });
    const cpuAfter = processCpu();
    const databaseRequests = relay.requests() - requestsBefore;
    if (!drained) throw new Error(`(b) Scout: not done within ${config.scoutTimeoutMs / 1000} s`);
    const siteRequests = site.requests();
    const jobs = await finishedJobs(scout.api, 'bench-scrape-');
    const failed = jobs.find((job) => job.status !== 'succeeded');
    if (failed) throw new Error(`(b) Scout: ${describeFailure(failed)}`);
    if (jobs.length !== ids.length) {
      throw new Error(`(b) Scout: the API lists ${jobs.length} of ${ids.length} jobs succeeded`);
    }
    const finishes = jobs.map((job) => Date.parse(job.finishedAt ?? '')).sort((a, b) => a - b);
    const lastFinished = finishes.at(-1) ?? NaN;
    const seconds = (lastFinished - startedEpoch) / 1000;
    const runs: number[] = [];
    const waits: number[] = [];
    for (const job of jobs) {
      const running = job.transitions.filter((t) => t.status === 'running');
      waits.push(ms(job.createdAt, running[0]?.at));
      runs.push(ms(running.at(-1)?.at, job.finishedAt));
    }
    const sumRuns = runs.reduce((sum, value) => sum + value, 0);
    const fifth = Math.max(1, Math.floor(finishes.length / 5));
    const rate = (from: number, to: number): number =>
      ((to - from) * 1000) / ((finishes[to] ?? NaN) - (finishes[from] ?? NaN));
    say(
      `(b) Scout: ${ids.length} profiles scraped in ${fmt(seconds, 1)} s ` +
        `(${fmt(ids.length / seconds, 1)} jobs/s), ${siteRequests} site requests`,
    );

    // The profiler writes its file when the worker exits.
    await scout.stop();
    const endMono = startedMono + BigInt(lastFinished - startedEpoch) * 1_000_000n;
    const profile = analyseProfile(
      path.join(profileDir, 'worker.cpuprofile'),
      Number(startedMono / 1000n),
      Number(endMono / 1000n),
    );
    const cpu = cpuBetween(cpuBefore, cpuAfter);
    const floor = await measureFloor(site.url, ids, concurrency);
    say(
      `(d) bare fetch + parse: ${floor.jobs} pages in ${fmt(floor.seconds, 1)} s, ` +
        `${fmt((1000 * floor.cpuSeconds) / floor.jobs, 2)} ms CPU per page`,
    );
    const processRows = [...cpu.entries()]
      .map(([name, value]) => ({ name, seconds: value }))
      .sort((a, b) => b.seconds - a.seconds);

    // (c) 20% 503s, in a fresh database behind a fresh api and worker.
    const faulty = await startScout('c', options, site, concurrency);
    const faultIds = publicIds('bench-fault-', config.faultJobs);
    site.resetCounts();
    site.setFault('*', { status: FAULT_STATUS, rate: FAULT_RATE });
    const faultStarted = Date.now();
    await enqueue(faulty.api, faultIds);
    const faultDrained = await waitUntilDrained(faulty.api, faulty.queue, {
      timeoutMs: config.faultTimeoutMs,
      failOnFailed: false,
      label: `(c) ${FAULT_RATE * 100}% ${FAULT_STATUS}s`,
      say,
    });
    const faultSeconds = (Date.now() - faultStarted) / 1000;
    const requests = site.requests();
    site.clearFaults();
    const faultJobs = await finishedJobs(faulty.api, 'bench-fault-');
    await faulty.stop();
    const succeeded = faultJobs.filter((job) => job.status === 'succeeded').length;
    const failedJobs = faultJobs.filter((job) => job.status !== 'succeeded');
    if (!faultDrained) {
      notes.push(
        `- (c) was not done after ${config.faultTimeoutMs / 1000} s: ` +
          `${faultIds.length - faultJobs.length} jobs were still queued or running.`,
      );
    }
    const fault = {
      injected: `${FAULT_RATE * 100}% ${FAULT_STATUS}s`,
      jobs: faultIds.length,
      succeeded,
      failed: failedJobs.length,
      unfinished: faultIds.length - faultJobs.length,
      requests,
      seconds: faultSeconds,
      requeuedJobs: faultJobs.filter(
        (job) => job.transitions.filter((t) => t.status === 'running').length > 1,
      ).length,
      deferredJobs: deferred(faultJobs),
      failures: failedJobs.slice(0, 3).map(describeFailure),
      maxRequestsPerJob: MAX_REQUESTS_PER_JOB,
      pass: succeeded === faultIds.length && requests <= MAX_REQUESTS_PER_JOB * faultIds.length,
    };
    say(
      `(c) ${FAULT_RATE * 100}% ${FAULT_STATUS}s: ${fault.succeeded} of ${fault.jobs} succeeded, ` +
        `${fault.failed} failed; ${requests} site requests (${fmt(requests / fault.jobs, 3)} per ` +
        `job) in ${fmt(faultSeconds, 1)} s`,
    );

    return {
      concurrency,
      reducedBecause: config.reducedBecause,
      raw: {
        jobs: config.rawJobs,
        seconds: rawSeconds,
        medianSeconds: rawMedian,
        jobsPerSecond: config.rawJobs / rawMedian,
      },
      scout: {
        jobs: ids.length,
        enqueueSeconds,
        seconds,
        jobsPerSecond: ids.length / seconds,
        wait: spread(waits),
        run: spread(runs),
        meanInFlight: sumRuns / (seconds * 1000),
        firstFifthJobsPerSecond: rate(0, fifth),
        lastFifthJobsPerSecond: rate(finishes.length - 1 - fifth, finishes.length - 1),
        siteRequests,
        deferredJobs: deferred(jobs),
        profile,
        processCpu: processRows,
        attribution: attribute(cpu, profile),
        databaseRequestsPerJob: databaseRequests / ids.length,
        workerCpuMsPerJob: (1000 * (cpu.get('worker') ?? NaN)) / ids.length,
        engineCpuMsPerJob:
          (1000 * ((cpu.get('FerretDB') ?? 0) + (cpu.get('mongod') ?? 0))) / ids.length,
      },
      floor: {
        jobs: floor.jobs,
        seconds: floor.seconds,
        cpuMsPerJob: (1000 * floor.cpuSeconds) / floor.jobs,
      },
      fault,
      notes,
    };
  } finally {
    // Whatever is still open: on success the fake site and the profile; on failure also the
    // phase's api, worker and queue reader.
    await closeScrapeResources();
  }
}
