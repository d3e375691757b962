// The growth part's table and its section of docs/benchmarks.md: each cell as the table shows
// it, the shape of each row computed from its figures, and how the figures were made.
import { fmt } from './report';
import {
  type GrowthCell,
  LOAD_CHUNK,
  MAX_SAMPLE_MS,
  ROW_BUDGET_MS,
  type RowKey,
  TEMPLATES,
} from './growth-plan';
import { generatedBy, type SectionRun, writeSection } from './support/doc-section';

/** One row over the sizes, with its shape computed from the figures. */
export interface GrowthRow {
  key: RowKey;
  name: string;
  cells: GrowthCell[];
  shape: string;
}

/** What the growth part reports. */
export interface GrowthReport {
  sizes: number[];
  rows: GrowthRow[];
  /** Seconds to load each size (insertMany of raw documents). */
  loadSeconds: number[];
  concurrency: number;
}

/**
 * The shape of a row from its figures: the elasticity k (time × 10^k per 10× profiles) between
 * the smallest and the largest measured size. k ≥ 0.8 is linear; k below 0.25 is flat, unless
 * every 10× adds a similar positive amount (logarithmic); in between, sub-linear.
 */
export function shapeOf(sizes: number[], cells: GrowthCell[]): string {
  const points = sizes
    .map((size, i) => ({ size, ms: cells[i]?.ms }))
    .filter((p): p is { size: number; ms: number } => p.ms !== undefined && p.ms > 0);
  if (points.length < 2) return 'unknown (fewer than two sizes measured)';
  const first = points[0];
  const last = points[points.length - 1];
  const decades = Math.log10(last.size / first.size);
  const k = Math.log10(last.ms / first.ms) / decades;
  const perDecade = points.slice(1).map((p, i) => {
    const previous = points[i];
    return (p.ms / previous.ms) ** (1 / Math.log10(p.size / previous.size));
  });
  const steps = perDecade.map((r) => `×${fmt(r, r < 10 ? 2 : 0)}`).join(', ');
  const basis = `k = ${fmt(k, 2)}; per 10× profiles ${steps}`;
  if (k >= 0.8) return `linear (${basis})`;
  if (k >= 0.25) return `sub-linear (${basis})`;
  const increments = points.slice(1).map((p, i) => p.ms - (points[i] as { ms: number }).ms);
  const logarithmic =
    increments.length >= 2 &&
    increments.every((d) => d > 0.1 * first.ms) &&
    Math.max(...increments) <= 2.5 * Math.min(...increments);
  return `${logarithmic ? 'logarithmic' : 'flat'} (${basis})`;
}

/** A cell as the table shows it: ms (or jobs/s for the pipeline), with the sample count. */
export function describeCell(key: RowKey, cell: GrowthCell): string {
  if (cell.ms === undefined) return cell.note ?? 'not measured';
  if (key === 'pipeline') {
    const rate = 1000 / cell.ms;
    return `${fmt(rate, rate < 1 ? 3 : 1)} jobs/s (${cell.samples} jobs)`;
  }
  const value =
    cell.ms >= 10_000 ? `${fmt(cell.ms / 1000, 1)} s` : `${fmt(cell.ms, cell.ms < 10 ? 1 : 0)} ms`;
  return `${value} (${cell.samples === 1 ? '1 sample' : `median of ${cell.samples}`})`;
}

/** The growth table as markdown, for the terminal and docs/benchmarks.md. */
export function growthTable(report: GrowthReport): string {
  const header = `| row | ${report.sizes.map((s) => `${fmt(s, 0)} profiles`).join(' | ')} | shape |`;
  const rule = `|---|${report.sizes.map(() => '---|').join('')}---|`;
  const rows = report.rows.map(
    (row) =>
      `| ${row.name} | ${report.sizes.map((_, i) => describeCell(row.key, row.cells[i] ?? { samples: 0 })).join(' | ')} | ${row.shape} |`,
  );
  const load = `| load (insertMany of raw documents, chunks of ${fmt(LOAD_CHUNK, 0)}) | ${report.loadSeconds.map((s) => `${fmt(s, 1)} s`).join(' | ')} | |`;
  return [header, rule, ...rows, load].join('\n');
}

/** Where the growth section sits in docs/benchmarks.md; the rest of the file is left alone. */
const GROWTH_START = '<!-- bench:growth:start -->';
const GROWTH_END = '<!-- bench:growth:end -->';

/** The run the growth section comes from, for its header. */
export interface GrowthRun extends SectionRun {
  seconds: number;
}

/** The growth section of docs/benchmarks.md: how it was made, the table, and how to read it. */
export function growthSection(report: GrowthReport, run: GrowthRun): string {
  return [
    GROWTH_START,
    '',
    '## How Scout grows with the collection',
    '',
    ...generatedBy(run.commit, run.command),
    '',
    `Server: ${run.server}. ${run.cpus} cores, load average ${run.loadAtStart.map((l) => fmt(l, 2)).join(', ')} ` +
      `at the start; the run took ${fmt(run.seconds / 60, 1)} minutes.`,
    '',
    growthTable(report),
    '',
    `Each size is a database of its own: ${fmt(TEMPLATES, 0)} profiles written through the batch ` +
      `route, copied as raw documents (own \`_id\` and \`publicId\`, \`updatedAt\` one second ` +
      `apart) with \`insertMany\` in chunks of ${fmt(LOAD_CHUNK, 0)}, behind a fresh built api ` +
      `with \`CACHE_ENABLED=false\` (every read reaches the database) and a fresh worker ` +
      `(concurrency ${report.concurrency}, the fake profile site as its source). Requests are sent ` +
      `one at a time and timed by the client; lookups spread over the collection; the deep ` +
      `page starts halfway down (its cursor signed as the api signs them, and the page is checked ` +
      `to start at the expected profile); the pipeline scrapes new profiles from the fake site, ` +
      `timed from the first \`POST /v1/scrape-jobs/batch\` to the last \`finishedAt\`. A row ` +
      `whose request would take over ${MAX_SAMPLE_MS / 1000} s (estimated from the smaller sizes: ` +
      `linear from one, their growth exponent from two) is skipped and says so; slow rows take fewer samples ` +
      `(${ROW_BUDGET_MS / 1000} s per row and size). A request Scout answers with a problem ` +
      `(a 504 when the engine takes longer than the database deadline: the bench's apis run ` +
      `with \`MONGODB_READ_TIMEOUT_MS=25000\` and \`MONGODB_WRITE_TIMEOUT_MS=29000\`) is the ` +
      `row's result at that size: the cell gives the answer and how long it took. The shape is ` +
      `computed from the figures: k ` +
      `is the exponent of the growth between the smallest and largest measured size (time ∝ ` +
      `profiles^k), ≥ 0.8 linear, < 0.25 flat or logarithmic.`,
    '',
    GROWTH_END,
  ].join('\n');
}

/** Replaces the growth section of `file` (or appends it), keeping everything else as it is. */
export async function writeGrowthSection(file: string, section: string): Promise<void> {
  await writeSection(file, { start: GROWTH_START, end: GROWTH_END }, section);
}
