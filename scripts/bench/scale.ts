// The scale part (`BENCH_PART=scale npm run bench`): what adding processes buys on one Redis and
// one database server. The scrape pipeline with 1, 2 and 4 worker processes (jobs/s each, and
// the ratio to 1 worker), and the cached `GET /v1/profiles/:id` with 1 and 2 api processes
// behind a round-robin proxy, against 1 api behind the same proxy (the proxy's own cost is in
// both) and 1 api reached directly. Opt-in: see docs/benchmarks.md.
import { startFakeSite } from '../../test/fixtures/fake-site';
import { type PipelineRow, runPipeline } from './scale-pipeline';
import { type ReadFigures, runScaleReads } from './scale-reads';
import { say } from './machine';
import { fmt } from './report';
import { scoutWorkerConcurrency } from './support/scrape-queue';
import type { BenchServices } from './support/target';

export { scaleSection, writeScaleSection } from './scale-report';

/** What the scale part runs. */
export interface ScaleConfig {
  /** Scrape jobs per worker count (BENCH_SCALE_JOBS). */
  jobs: number;
  workerCounts: number[];
  jobsTimeoutMs: number;
  rounds: number;
  connections: number;
  warmupS: number;
  durationS: number;
  /** Profiles the cached reads cycle through. */
  hotIds: number;
  /** Why the job count is below MongoDB's, if it is. */
  reducedBecause?: string;
}

/** Options of {@link runScaleBench}. */
export interface ScaleOptions extends BenchServices {
  config: ScaleConfig;
}

/** What the scale part measured. */
export interface ScaleReport {
  config: ScaleConfig;
  /** Worker concurrency of every worker process. */
  concurrency: number;
  pipeline: PipelineRow[];
  reads: ReadFigures;
}

/** Runs the pipeline at every worker count, then the reads. */
export async function runScaleBench(options: ScaleOptions): Promise<ScaleReport> {
  const { config } = options;
  const concurrency = scoutWorkerConcurrency();
  say(
    `scale: ${config.jobs} scrape jobs with ${config.workerCounts.join(', ')} workers ` +
      `(concurrency ${concurrency} each), then cached reads with 1 and 2 apis behind a proxy` +
      (config.reducedBecause ? ` (reduced: ${config.reducedBecause})` : ''),
  );
  const site = await startFakeSite({ host: '127.0.0.1' });
  const pipeline: PipelineRow[] = [];
  try {
    for (const workers of config.workerCounts) {
      pipeline.push(await runPipeline(options, site, workers, concurrency));
    }
  } finally {
    await site.close();
  }
  const reads = await runScaleReads(options);
  const one = pipeline[0]?.jobsPerSecond ?? NaN;
  for (const row of pipeline.slice(1)) {
    say(`scale: ${row.workers} workers ${fmt(row.jobsPerSecond / one, 2)}× 1 worker`);
  }
  return { config, concurrency, pipeline, reads };
}
