// The pipeline half of the scale part: the same number of scrape jobs through 1, 2 and 4 worker
// processes (each at production's concurrency) sharing one Redis and one database server, each
// count on a fresh database so no run inherits the collection another left.
import os from 'node:os';

import type { FakeSite } from '../../test/fixtures/fake-site';
import { cpuBetween, engineCpu, machineCpu, type MachineCpu, processCpu } from './process-cpu';
import { fmt } from './report';
import type { ScaleOptions } from './scale';
import {
  describeFailure,
  enqueue,
  finishedJobs,
  publicIds,
  waitUntilDrained,
} from './support/scrape-queue';
import { scrapeEnv, startScoutStack } from './support/scout-stack';
import { benchTarget } from './support/target';

/** One worker count's run. */
export interface PipelineRow {
  workers: number;
  jobs: number;
  seconds: number;
  jobsPerSecond: number;
  /**
   * Busy share of all the machine's cores during the run (0–1), by every process and by the
   * bench's own (itself, the services, api and workers); undefined off Linux.
   */
  busy?: { machine: number; bench: number };
  /** CPU milliseconds per job: all workers together, and the database server. */
  workerCpuMsPerJob: number;
  databaseCpuMsPerJob: number;
}

/** Busy share of every core between two readings of the machine's CPU. */
function busyShare(
  before: MachineCpu | undefined,
  after: MachineCpu | undefined,
  seconds: number,
): PipelineRow['busy'] {
  if (!before || !after) return undefined;
  const capacity = seconds * os.cpus().length;
  return {
    machine: (after.machine - before.machine) / capacity,
    bench: (after.bench - before.bench) / capacity,
  };
}

/** Scrapes `options.config.jobs` new profiles with `workers` workers; every job must succeed. */
export async function runPipeline(
  options: ScaleOptions,
  site: FakeSite,
  workers: number,
  concurrency: number,
): Promise<PipelineRow> {
  const { config, say } = options;
  const prefix = `bench-scale-w${workers}-`;
  const stack = await startScoutStack({
    name: `scale-w${workers}`,
    target: benchTarget(options, `scout_bench_scale_w${workers}`, 3),
    env: scrapeEnv(site, `bench-scale-w${workers}`, concurrency),
    workers,
  });
  try {
    const ids = publicIds(prefix, config.jobs);
    const [cpuBefore, machineBefore] = [processCpu(), machineCpu()];
    const started = Date.now();
    await enqueue(stack.api, ids);
    const label = `scale: ${workers} worker(s)`;
    const drained = await waitUntilDrained(stack.api, stack.queue, {
      timeoutMs: config.jobsTimeoutMs,
      failOnFailed: true,
      label,
      say,
    });
    const [cpu, machineAfter] = [cpuBetween(cpuBefore, processCpu()), machineCpu()];
    if (!drained) throw new Error(`${label}: not done within ${config.jobsTimeoutMs / 1000} s`);
    const jobs = await finishedJobs(stack.api, prefix);
    const failed = jobs.find((job) => job.status !== 'succeeded');
    if (failed) throw new Error(`${label}: ${describeFailure(failed)}`);
    if (jobs.length !== ids.length) {
      throw new Error(`${label}: the API lists ${jobs.length} of ${ids.length} jobs succeeded`);
    }
    const last = Math.max(...jobs.map((job) => Date.parse(job.finishedAt ?? '')));
    const seconds = (last - started) / 1000;
    const database = engineCpu(cpu);
    const row: PipelineRow = {
      workers,
      jobs: ids.length,
      seconds,
      jobsPerSecond: ids.length / seconds,
      busy: busyShare(machineBefore, machineAfter, (Date.now() - started) / 1000),
      workerCpuMsPerJob: (1000 * (cpu.get('worker') ?? NaN)) / ids.length,
      databaseCpuMsPerJob: (1000 * database) / ids.length,
    };
    say(
      `${label}: ${row.jobs} jobs in ${fmt(seconds, 1)} s (${fmt(row.jobsPerSecond, 1)} jobs/s), ` +
        `cores ${row.busy ? fmt(100 * row.busy.machine, 0) : '?'}% busy ` +
        `(${row.busy ? fmt(100 * row.busy.bench, 0) : '?'}% by the bench's processes)`,
    );
    return row;
  } finally {
    await stack.stop();
  }
}
