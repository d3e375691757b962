// The scraping part of `npm run bench`: (a) bare BullMQ running no-op jobs, (b) Scout scraping
// profiles end to end from the fake site (api batch route → queue → worker → fetch, parse,
// write), with a CPU profile of the worker and the CPU of every process, and (c) the same
// pipeline with 20% of the site's answers turned into 503s, and (d) a bare fetch + parse loop over
// (b)'s pages, the floor of a job's own cost. See docs/benchmarks.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startFakeSite } from '../../test/fixtures/fake-site';
import type { CpuBreakdown } from './cpu-profile';
import { type RawFigures, runRawBullmq } from './raw-bullmq';
import { fmt } from './report';
import { runFaultScrape } from './scrape-faults';
import { runScoutScrape } from './scrape-scout';
import { closeTracked, track } from './support/resources';
import { scoutWorkerConcurrency } from './support/scrape-queue';
import type { BenchServices } from './support/target';

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
  raw: RawFigures;
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

/** Options of {@link runScrapeBench}: services, where to log, and the scale. */
export interface ScrapeBenchOptions extends BenchServices {
  config: ScrapeConfig;
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
        `under 20 minutes; run it against MongoDB for the issue's scale.`,
    );
  }
  const raw = await runRawBullmq(
    `${options.redisUrl}/1`,
    concurrency,
    config.rawJobs,
    config.rawRounds,
    say,
  );
  const site = await startFakeSite({ host: '127.0.0.1' });
  track(() => site.close());
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scout-bench-prof-'));
  track(async () => fs.rmSync(profileDir, { recursive: true, force: true }));
  try {
    const { scout, floor } = await runScoutScrape(options, site, concurrency, profileDir);
    const { fault, notes: faultNotes } = await runFaultScrape(options, site, concurrency);
    notes.push(...faultNotes);
    return { concurrency, reducedBecause: config.reducedBecause, raw, scout, floor, fault, notes };
  } finally {
    // Whatever is still open: on success the fake site and the profile; on failure also the
    // phase's api, worker and queue reader.
    await closeTracked();
  }
}
