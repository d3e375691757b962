// The scale part's section of docs/benchmarks.md: the pipeline per worker count and the reads
// per api count as tables, then each figure against its baseline as a ratio. How they were made
// and how to read them on 2 cores is in the hand-written method above the section.
import { fmt, times } from './report';
import type { ScaleReport } from './scale';
import { generatedBy, type SectionRun, writeSection } from './support/doc-section';

/** Where the scale section sits in docs/benchmarks.md; the rest of the file is left alone. */
const SCALE_START = '<!-- bench:scale:start -->';
const SCALE_END = '<!-- bench:scale:end -->';

/** The run the scale section comes from, for its header. */
export interface ScaleRun extends SectionRun {
  /** CPU other processes took during the run, as the bench describes it. */
  otherLoad: string;
}

function pipelineTable(report: ScaleReport): string[] {
  const one = report.pipeline[0]?.jobsPerSecond ?? NaN;
  return [
    '| worker processes | jobs | wall s | jobs/s | vs 1 worker | cores busy: all / bench | worker CPU ms/job | database engine CPU ms/job |',
    '|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...report.pipeline.map(
      (row) =>
        `| ${row.workers} | ${fmt(row.jobs, 0)} | ${fmt(row.seconds, 1)} | ` +
        `${fmt(row.jobsPerSecond, 1)} | ${times(row.jobsPerSecond / one)} | ` +
        `${row.busy ? `${fmt(100 * row.busy.machine, 0)}% / ${fmt(100 * row.busy.bench, 0)}%` : '—'} | ` +
        `${fmt(row.workerCpuMsPerJob, 1)} | ${fmt(row.databaseCpuMsPerJob, 1)} |`,
    ),
  ];
}

function readsTable(report: ScaleReport): string[] {
  return [
    '| scenario | req/s | p50 ms | p99 ms | vs 1 api behind the proxy | non-2xx/errors |',
    '|---|--:|--:|--:|--:|--:|',
    ...report.reads.rows.map(
      (row) =>
        `| ${row.name} | ${fmt(row.rps, 0)} | ${fmt(row.p50, 2)} | ${fmt(row.p99, 2)} | ` +
        `${times(row.vsBaseline)} | ${row.non2xx}/${row.errors} |`,
    ),
  ];
}

/** Each figure against its baseline: workers against 1 worker, 2 apis against 1 behind the proxy. */
export function scaleLines(report: ScaleReport): string[] {
  const [one, ...more] = report.pipeline;
  const lines = more.map(
    (row) =>
      `scrape pipeline, ${row.workers} workers: ${fmt(row.jobsPerSecond, 1)} jobs/s against ` +
      `${fmt(one?.jobsPerSecond ?? NaN, 1)} with 1 worker: ${times(row.jobsPerSecond / (one?.jobsPerSecond ?? NaN))}`,
  );
  const rps = (key: string): number => report.reads.rows.find((r) => r.key === key)?.rps ?? NaN;
  lines.push(
    `cached GET /v1/profiles/:id, 2 apis behind the proxy: ${fmt(rps('proxied2'), 0)} req/s ` +
      `against ${fmt(rps('proxied1'), 0)} with 1 api behind the same proxy: ` +
      `${times(rps('proxied2') / rps('proxied1'))}`,
    `the proxy's own cost: 1 api behind the proxy ${fmt(rps('proxied1'), 0)} req/s against ` +
      `${fmt(rps('direct'), 0)} reached directly: ${times(rps('proxied1') / rps('direct'))}`,
  );
  return lines;
}

/** The scale section of docs/benchmarks.md: header, the two tables, the ratios, every round. */
export function scaleSection(report: ScaleReport, run: ScaleRun): string {
  const { config } = report;
  return [
    SCALE_START,
    '',
    '## Horizontal scale',
    '',
    ...generatedBy(run.commit, run.command),
    '',
    `Server: ${run.server}. ${run.cpus} cores, load average ` +
      `${run.loadAtStart.map((l) => fmt(l, 2)).join(', ')} at the start; ${run.otherLoad}.`,
    '',
    `Scrape pipeline: ${fmt(config.jobs, 0)} jobs per worker count, each worker at concurrency ` +
      `${report.concurrency}` +
      (config.reducedBecause ? ` (reduced from 2,000: ${config.reducedBecause})` : '') +
      '.',
    '',
    ...pipelineTable(report),
    '',
    `Cached reads: ${config.connections} connections, ${config.warmupS} s warm-up + ` +
      `${config.durationS} s per scenario and round, ${config.rounds} rounds, medians.`,
    '',
    ...readsTable(report),
    '',
    ...scaleLines(report).map((line) => `- ${line}`),
    '',
    '```text',
    ...report.reads.perRound,
    '```',
    '',
    SCALE_END,
  ].join('\n');
}

/** Replaces the scale section of `file` (or appends it), keeping everything else as it is. */
export async function writeScaleSection(file: string, section: string): Promise<void> {
  await writeSection(file, { start: SCALE_START, end: SCALE_END }, section);
}
