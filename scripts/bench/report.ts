// Turns the bench's figures into the printed table, the PASS/MISS lines and docs/benchmarks.md.
import fs from 'node:fs';

import { format, resolveConfig } from 'prettier';

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
  wallSeconds: number;
}

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

/** Number formatting shared by the terminal and markdown tables. */
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
function textTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((cell, i) =>
    Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

function markdownTable(header: string[], rows: string[][]): string[] {
  const align = header.map((_, i) => (i === 0 ? '---' : '---:'));
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(align), ...rows.map(line)];
}

/** The results as printed at the end of a run: load table, write table, PASS/MISS lines. */
export function terminalReport(report: Report): string {
  return [
    ...textTable(LOAD_HEADER, report.load.map(loadCells)),
    '',
    ...textTable(WRITE_HEADER, report.writes.map(writeCells)),
    '',
    ...report.targets.map((target) => `${target.pass ? 'PASS' : 'MISS'}  ${target.text}`),
  ].join('\n');
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
    '### Writes (10,000 profiles each, medians over the rounds)',
    '',
    ...markdownTable(WRITE_HEADER, report.writes.map(writeCells)),
    '',
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

/**
 * Rewrites only the results section of `file` (between the bench markers), so the hand-written
 * introduction survives every run; writes `intro` plus results when the file or markers are new.
 * The result goes through Prettier with the repo's settings, so `npm run lint` stays clean.
 */
export async function writeDoc(file: string, intro: string, report: Report): Promise<void> {
  const section = resultsSection(report);
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + section + current.slice(end + END.length).replace(/^\n+/, '')
      : `${intro.trimEnd()}\n\n${section}`;
  const options = (await resolveConfig(file)) ?? {};
  fs.writeFileSync(file, await format(next, { ...options, filepath: file }));
}
