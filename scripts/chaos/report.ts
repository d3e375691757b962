// What a chaos scenario comes to: its printed row, the failures found in what clients were told
// and in the ledger, and the table of every scenario at the end of the run.
import type { LedgerCheck } from './ledger';
import type { MixedLoad } from './load';
import { describe } from './scenarios';

/** One printed row and whether the scenario held. */
export interface Row {
  name: string;
  requests: number;
  statuses: string;
  maxMs: number;
  lostWrites: number;
  appliedAfterFailure: number;
  lostJobs: number;
  jobsRunTwice: number;
  recoverS: number;
  jobsS: number;
  failures: string[];
  skipped?: string;
}

/** A row with nothing measured: a skipped scenario, or one that could not run. */
export function emptyRow(name: string, extra: Partial<Row> = {}): Row {
  return {
    name,
    requests: 0,
    statuses: '',
    maxMs: 0,
    lostWrites: 0,
    appliedAfterFailure: 0,
    lostJobs: 0,
    jobsRunTwice: 0,
    recoverS: 0,
    jobsS: 0,
    failures: [],
    ...extra,
  };
}

/** "200:310 201:80 503 DEPENDENCY_UNAVAILABLE:12": answers by status, with the code of failures. */
function statusCounts(load: MixedLoad): string {
  const counts = new Map<string, number>();
  for (const answer of load.answers) {
    const key =
      answer.status === 0
        ? 'none'
        : answer.status >= 400
          ? `${answer.status} ${answer.code ?? ''}`.trim()
          : String(answer.status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, n]) => `${key}: ${n}`)
    .join(', ');
}

/** Late or missing answers, and every way the ledger disagrees with the database. */
export function ledgerFailures(load: MixedLoad, ledger: LedgerCheck, deadlineMs: number): string[] {
  const failures: string[] = [];
  const late = load.answers.filter((a) => a.ms > deadlineMs);
  if (late.length > 0) {
    failures.push(`${late.length} requests answered later than the deadline + 1 s`);
  }
  const unanswered = load.answers.filter((a) => a.status === 0);
  if (unanswered.length > 0)
    failures.push(`${unanswered.length} requests got no answer (${describe(unanswered)})`);
  const listed: Array<[string[], string]> = [
    [ledger.lostWrites, 'writes answered 2xx but absent'],
    [ledger.appliedAfterFailure, 'writes answered failed but present'],
    [ledger.lostJobs, 'accepted jobs not succeeded'],
    [ledger.jobsRunTwice, 'jobs run twice'],
    [ledger.refusedButRecorded, 'scrape requests answered failed but recorded'],
  ];
  for (const [items, what] of listed) {
    if (items.length > 0) failures.push(`${what}: ${items.slice(0, 5).join(', ')}`);
  }
  return failures;
}

/** The row of a scenario that ran: its load, the ledger, and how long recovery took. */
export function measuredRow(
  name: string,
  load: MixedLoad,
  ledger: LedgerCheck,
  recoverMs: number,
  failures: string[],
): Row {
  return {
    name,
    requests: load.answers.length,
    statuses: statusCounts(load),
    maxMs: Math.max(0, ...load.answers.map((a) => a.ms)),
    lostWrites: ledger.lostWrites.length,
    appliedAfterFailure: ledger.appliedAfterFailure.length,
    lostJobs: ledger.lostJobs.length,
    jobsRunTwice: ledger.jobsRunTwice.length,
    recoverS: recoverMs / 1000,
    jobsS: ledger.jobsSettledMs / 1000,
    failures,
  };
}

/** The markdown table of every scenario's row. */
export function table(rows: Row[]): string {
  const header =
    '| scenario | requests | answers by status | max latency ms | writes lost / applied after failure | jobs lost / run twice | recovery s | jobs done s | result |';
  const lines = rows.map((row) =>
    row.skipped
      ? `| ${row.name} | — | — | — | — | — | — | — | skipped: ${row.skipped} |`
      : `| ${row.name} | ${row.requests} | ${row.statuses} | ${Math.round(row.maxMs)} | ` +
        `${row.lostWrites} / ${row.appliedAfterFailure} | ${row.lostJobs} / ${row.jobsRunTwice} | ` +
        `${row.recoverS.toFixed(1)} | ${row.jobsS.toFixed(1)} | ${row.failures.length ? 'FAIL' : 'pass'} |`,
  );
  return [header, '|---|--:|---|--:|--:|--:|--:|--:|---|', ...lines].join('\n');
}
