// Turns the bench's figures into the printed table, the PASS/MISS lines and docs/benchmarks.md.
import fs from 'node:fs';

import { format, resolveConfig } from 'prettier';

import { CPU_CATEGORIES, CPU_CATEGORY_MEANING } from './cpu-profile';
import type { LoadResult } from './load';
import type { ScrapeReport } from './scrape';

/** One load scenario, medians over the rounds. */
export interface LoadRow {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  /** Throughput relative to the baseline; undefined where the bench does not compare. */
  vsBaseline?: number;
  non2xx: number;
  errors: number;
}

/** One write mode, medians over the rounds. */
export interface WriteRow {
  name: string;
  requests: number;
  inFlight: number;
  seconds: number;
  profilesPerSecond: number;
  /** Speed relative to single POSTs. */
  vsSingle: number;
}

/** A target from the issue and whether this run met it. */
export interface TargetLine {
  pass: boolean;
  text: string;
}

/** Everything docs/benchmarks.md shows for one run. */
export interface Report {
  generatedAt: string;
  command: string;
  commit: string;
  machine: Array<[string, string]>;
  settings: Array<[string, string]>;
  load: LoadRow[];
  writes: WriteRow[];
  targets: TargetLine[];
  perRound: string[];
  notes: string[];
  /** The scraping part, when it ran. */
  scrape?: ScrapeReport;
  wallSeconds: number;
}

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

/** Number formatting shared by the terminal and markdown tables. */
/** The middle value (mean of the two middle ones for an even count); NaN for none. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  if (sorted.length % 2) return sorted[mid] ?? Number.NaN;
  return ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
}

/** One scenario's row: medians of its rounds, errors summed over them. */
export function medianRow(name: string, rounds: LoadResult[]): LoadRow {
  return {
    name,
    rps: median(rounds.map((r) => r.rps)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    vsBaseline: undefined,
    non2xx: rounds.reduce((sum, r) => sum + r.non2xx, 0),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
  };
}

export function fmt(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** Ratio as "0.42×"; "—" when not compared. */
export function times(value: number | undefined): string {
  return value === undefined ? '—' : `${fmt(value, 2)}×`;
}

function loadCells(row: LoadRow): string[] {
  return [
    row.name,
    fmt(row.rps, row.rps < 100 ? 1 : 0),
    fmt(row.p50, 2),
    fmt(row.p99, 2),
    times(row.vsBaseline),
    `${row.non2xx}/${row.errors}`,
  ];
}

const LOAD_HEADER = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'vs baseline', 'non-2xx/errors'];
const WRITE_HEADER = ['write mode', 'requests', 'in flight', 'wall s', 'profiles/s', 'vs single'];

function writeCells(row: WriteRow): string[] {
  return [
    row.name,
    fmt(row.requests, 0),
    String(row.inFlight),
    fmt(row.seconds, 2),
    fmt(row.profilesPerSecond, 0),
    times(row.vsSingle),
  ];
}

/** A plain-text table, first column left-aligned and the rest right-aligned, for the terminal. */
/** Columns aligned left: the first (names) and, where given, trailing text columns. */
function leftAligned(i: number, textColumns: readonly number[]): boolean {
  return i === 0 || textColumns.includes(i);
}

function textTable(header: string[], rows: string[][], textColumns: number[] = []): string[] {
  const widths = header.map((cell, i) =>
    Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) =>
        leftAligned(i, textColumns) ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

function markdownTable(header: string[], rows: string[][], textColumns: number[] = []): string[] {
  const align = header.map((_, i) => (leftAligned(i, textColumns) ? '---' : '---:'));
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(align), ...rows.map(line)];
}

const SCRAPE_HEADER = ['scraping run', 'jobs', 'wall s', 'jobs/s', 'vs bare BullMQ'];
const CPU_HEADER = ['where the CPU of (b) went', 'CPU s', 'share', 'ms per job'];
const PROFILE_HEADER = ["worker's own CPU (profile)", 'CPU ms', 'share', 'covers'];

/** A table to print: header, rows, and the columns (besides the first) that hold text. */
interface Table {
  header: string[];
  rows: string[][];
  textColumns?: number[];
}

/** The scraping tables: runs, CPU by part of the pipeline, the worker's profile by category. */
function scrapeTables(scrape: ScrapeReport): Table[] {
  const { raw, scout, fault } = scrape;
  const runs = [
    [
      '(a) bare BullMQ, no-op jobs (median)',
      fmt(raw.jobs, 0),
      fmt(raw.medianSeconds, 2),
      fmt(raw.jobsPerSecond, 0),
      times(1),
    ],
    [
      '(b) Scout end to end: batch route → worker → fetch, parse, write',
      fmt(scout.jobs, 0),
      fmt(scout.seconds, 1),
      fmt(scout.jobsPerSecond, 1),
      `1/${fmt(raw.jobsPerSecond / scout.jobsPerSecond, 0)}`,
    ],
    [
      `(c) Scout with ${fault.injected} injected`,
      fmt(fault.jobs, 0),
      fmt(fault.seconds, 1),
      fmt(fault.succeeded / fault.seconds, 1),
      '—',
    ],
  ];
  const total = scout.attribution.reduce((sum, row) => sum + row.seconds, 0);
  const cpu = scout.attribution.map((row) => [
    row.name,
    fmt(row.seconds, 1),
    `${fmt((100 * row.seconds) / total, 1)}%`,
    fmt((1000 * row.seconds) / scout.jobs, 1),
  ]);
  const profile = CPU_CATEGORIES.map((category) => [
    category,
    fmt(scout.profile.ms[category], 0),
    `${fmt((100 * scout.profile.ms[category]) / scout.profile.busyMs, 1)}%`,
    CPU_CATEGORY_MEANING[category],
  ]);
  return [
    { header: SCRAPE_HEADER, rows: runs },
    { header: CPU_HEADER, rows: cpu },
    { header: PROFILE_HEADER, rows: profile, textColumns: [3] },
  ];
}

/** One-line facts of the scraping part that the tables do not show. */
function scrapeFacts(scrape: ScrapeReport): string[] {
  const { raw, scout, fault } = scrape;
  return [
    `Scout's end-to-end rate is 1/${fmt(raw.jobsPerSecond / scout.jobsPerSecond, 0)} of bare ` +
      `BullMQ's (${fmt(scout.jobsPerSecond, 1)} vs ${fmt(raw.jobsPerSecond, 0)} jobs/s, worker ` +
      `concurrency ${scrape.concurrency} in both).`,
    `(b) per job: running → succeeded p50 ${fmt(scout.run.p50, 0)} ms, p90 ` +
      `${fmt(scout.run.p90, 0)} ms, max ${fmt(scout.run.max, 0)} ms; ${fmt(scout.meanInFlight, 2)} ` +
      `jobs in flight on average; queued → running p50 ${fmt(scout.wait.p50 / 1000, 1)} s (the ` +
      `backlog: all ${fmt(scout.jobs, 0)} jobs are enqueued at once, in ` +
      `${fmt(scout.enqueueSeconds, 1)} s).`,
    `(b) rate over the first fifth of completions ${fmt(scout.firstFifthJobsPerSecond, 1)} ` +
      `jobs/s, over the last fifth ${fmt(scout.lastFifthJobsPerSecond, 1)} jobs/s; ` +
      `${fmt(scout.siteRequests, 0)} site requests; ${scout.deferredJobs} jobs deferred by the ` +
      `rate limit or breaker.`,
    `(b) per job: worker CPU ${fmt(scout.workerCpuMsPerJob, 2)} ms against ` +
      `${fmt(scrape.floor.cpuMsPerJob, 2)} ms for (d) the bare fetch + parse loop ` +
      `(${fmt(scout.workerCpuMsPerJob / scrape.floor.cpuMsPerJob, 1)}×); database engine CPU ` +
      `${fmt(scout.engineCpuMsPerJob, 2)} ms; ${fmt(scout.databaseRequestsPerJob, 1)} database ` +
      `round trips.`,
    `(b) CPU seconds by process: ` +
      scout.processCpu.map((row) => `${row.name} ${fmt(row.seconds, 1)}`).join(', ') +
      `; worker profile: ${fmt(scout.profile.samples, 0)} samples over ` +
      `${fmt(scout.profile.windowMs / 1000, 1)} s.`,
    `(c) ${fmt(fault.succeeded, 0)} of ${fmt(fault.jobs, 0)} succeeded, ${fault.failed} failed, ` +
      `${fault.unfinished} unfinished; ${fmt(fault.requests, 0)} site requests ` +
      `(${fmt(fault.requests / fault.jobs, 3)} per job); ${fault.requeuedJobs} jobs needed a ` +
      `queue-level retry, ${fault.deferredJobs} were deferred by the breaker or rate limit.` +
      (fault.failures.length ? ` Failures: ${fault.failures.join('; ')}` : ''),
  ];
}

/** The results as printed at the end of a run: tables, then the PASS/MISS lines. */
export function terminalReport(report: Report): string {
  const blocks: string[][] = [];
  if (report.load.length) blocks.push(textTable(LOAD_HEADER, report.load.map(loadCells)));
  if (report.writes.length) blocks.push(textTable(WRITE_HEADER, report.writes.map(writeCells)));
  if (report.scrape) {
    for (const table of scrapeTables(report.scrape)) {
      blocks.push(textTable(table.header, table.rows, table.textColumns));
    }
    blocks.push(scrapeFacts(report.scrape));
  }
  blocks.push(report.targets.map((target) => `${target.pass ? 'PASS' : 'MISS'}  ${target.text}`));
  return blocks.map((lines) => lines.join('\n')).join('\n\n');
}

function scrapeSection(scrape: ScrapeReport): string[] {
  const [runs, cpu, profile] = scrapeTables(scrape);
  const table = (t: Table | undefined): string[] =>
    t ? markdownTable(t.header, t.rows, t.textColumns) : [];
  return [
    `### Scraping (worker concurrency ${scrape.concurrency})`,
    '',
    ...table(runs),
    '',
    ...scrapeFacts(scrape).map((line) => `- ${line}`),
    '',
    '#### Where the CPU of (b) went',
    '',
    ...table(cpu),
    '',
    "#### The worker's own CPU, from its profile",
    '',
    ...table(profile),
  ];
}

function resultsSection(report: Report): string {
  const facts = (pairs: Array<[string, string]>): string[] =>
    pairs.map(([key, value]) => `- ${key}: ${value}`);
  return [
    START,
    '',
    '## Latest results',
    '',
    `Generated ${report.generatedAt} at commit \`${report.commit}\` by:`,
    '',
    '```sh',
    report.command,
    '```',
    '',
    `The whole run took ${fmt(report.wallSeconds / 60, 1)} minutes.`,
    '',
    '### Machine',
    '',
    ...facts(report.machine),
    '',
    '### Settings',
    '',
    ...facts(report.settings),
    '',
    '### Reads (medians over the rounds)',
    '',
    ...markdownTable(LOAD_HEADER, report.load.map(loadCells)),
    '',
    '### Writes (medians over the rounds)',
    '',
    ...markdownTable(WRITE_HEADER, report.writes.map(writeCells)),
    '',
    ...(report.scrape ? [...scrapeSection(report.scrape), ''] : []),
    '### Targets',
    '',
    ...report.targets.map((target) => `- **${target.pass ? 'PASS' : 'MISS'}** ${target.text}`),
    '',
    '### Every round',
    '',
    '```text',
    ...report.perRound,
    '```',
    ...(report.notes.length ? ['', '### Notes from this run', '', ...report.notes] : []),
    '',
    END,
    '',
  ].join('\n');
}

/** The heading a results section gets when the doc does not exist yet. */
const DOC_TITLE = '# Benchmarks';

/**
 * Rewrites only the results section of `file` (between the bench markers), so the hand-written
 * method around it survives every run; appends the section when the markers are missing. The
 * method lives in the doc alone, so there is no second copy to drift. The result goes through
 * Prettier with the repo's settings, so `npm run lint` stays clean.
 */
export async function writeDoc(file: string, report: Report): Promise<void> {
  const section = resultsSection(report);
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + section + current.slice(end + END.length).replace(/^\n+/, '')
      : `${current.trimEnd() || DOC_TITLE}\n\n${section}`;
  const options = (await resolveConfig(file)) ?? {};
  fs.writeFileSync(file, await format(next, { ...options, filepath: file }));
}
