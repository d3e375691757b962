// The soak part (`BENCH_PART=soak npm run bench`): the built api and worker under the chaos run's
// mixed load (cached and uncached reads, profile updates, scrapes of the fake site) for
// BENCH_SOAK_MINUTES (10), with the collections held at a constant size so that any drift comes
// from the processes, not from FerretDB scanning more rows. Every 10 s it reads RSS, heap used
// and event-loop lag from both processes' /metrics; per minute it reports their means (lag: the
// worst p99) and the p99 latency of the minute's answers, then checks heap growth after the first
// minute and the last minute's p99 against the first's.
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

import { startFakeSite } from '../../test/fixtures/fake-site';
import { MixedLoad } from '../chaos/load';
import { freePort } from '../lib/readiness';
import { fmt, type TargetLine } from './report';
import {
  type ApiTarget,
  prepareDatabase,
  type Server,
  startApi,
  startWorker,
  stopServer,
} from './servers';
import { generatedBy, type SectionRun, writeSection } from './support/doc-section';
import { type BenchServices, benchTarget } from './support/target';

/** Heap used may grow at most this much from the first minute to the last. */
export const SOAK_HEAP_GROWTH_TARGET = 0.1;
/** The last minute's p99 may be at most this multiple of the first minute's. */
export const SOAK_P99_RATIO_TARGET = 1.2;
const SAMPLE_EVERY_MS = 10_000;
/** How long finished scrape jobs and change events are kept during the soak. */
const RETENTION_MS = 60_000;
/**
 * Load before minute 1, not reported: one retention window and a sweep, after which the
 * collections the load fills are at their steady size, so minute 1 measures the same state as
 * minute 10 (a first minute over still-filling collections serves about a third more requests).
 */
const WARMUP_MS = RETENTION_MS + 15_000;
const HOT_PROFILES = 8;
const UPDATED_PROFILES = 40;
const SCRAPE_TARGETS = 50;

/** One process's figures for one minute. */
export interface ProcessMinute {
  rssMiB: number;
  heapUsedMiB: number;
  /** Worst event-loop delay p99 of the minute's samples. */
  lagP99Ms: number;
}

/** One minute of the soak. */
export interface SoakMinute {
  minute: number;
  requests: number;
  failed: number;
  p99Ms: number;
  api: ProcessMinute;
  worker: ProcessMinute;
}

/** What the soak adds to the report. */
export interface SoakReport {
  minutes: SoakMinute[];
  targets: TargetLine[];
  table: string;
}

interface Sample {
  at: number;
  rss: number;
  heapUsed: number;
  lagP99: number;
}

/** Reads the three process gauges from a Prometheus text page. */
async function sample(metricsUrl: string, at: number): Promise<Sample | undefined> {
  try {
    const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(5_000) })).text();
    const gauge = (name: string): number => {
      const line = text
        .split('\n')
        .find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
      return line ? Number(line.trim().split(/\s+/)[1]) : Number.NaN;
    };
    return {
      at,
      rss: gauge('process_resident_memory_bytes'),
      heapUsed: gauge('nodejs_heap_size_used_bytes'),
      lagP99: gauge('nodejs_eventloop_lag_p99_seconds'),
    };
  } catch {
    return undefined;
  }
}

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
}

function percentile99(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)] ?? Number.NaN;
}

function processMinute(samples: Sample[]): ProcessMinute {
  return {
    rssMiB: mean(samples.map((s) => s.rss)) / 2 ** 20,
    heapUsedMiB: mean(samples.map((s) => s.heapUsed)) / 2 ** 20,
    lagP99Ms: Math.max(...samples.map((s) => s.lagP99)) * 1000,
  };
}

/** Seeds `count` profiles named `${prefix}-<i>` through the api. */
async function seed(api: Server, apiKey: string, prefix: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  for (const publicId of ids) {
    const response = await fetch(`${api.url}/v1/profiles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ publicId, fullName: 'Soak Profile', headline: 'Steady' }),
    });
    if (response.status !== 201) throw new Error(`seeding ${publicId}: ${response.status}`);
  }
  return ids;
}

/** What the soak runs against: the api (its metrics port apart), the worker and their ids. */
interface SoakServers {
  api: Server;
  apiKey: string;
  metricsPort: number;
  worker: Server;
  hotIds: string[];
  updateIds: string[];
}

/** Starts the api and worker on a fresh database and seeds the profiles the load uses. */
async function startSoakServers(
  target: ApiTarget,
  site: { url: string },
  started: Server[],
): Promise<SoakServers> {
  const { apiKey } = await prepareDatabase(target);
  const metricsPort = await freePort();
  const settings = {
    SCRAPER_BASE_URL: site.url,
    SCRAPER_RATE_PER_MINUTE: '100000',
    QUEUE_PREFIX: `soak-${randomBytes(3).toString('hex')}:bull`,
    // Finished scrape jobs and change events accumulate with every request; a deployment's stay
    // at a steady size once retention removes as much as the load adds. Windows of a minute
    // reach that state early, so any drift comes from the processes, not from FerretDB
    // scanning ever more rows (the webhook relay's poll and each scrape's job lookup scan there).
    RETENTION_SCRAPE_JOBS_MS: String(RETENTION_MS),
    RETENTION_HISTORY_MS: String(RETENTION_MS),
    SCRAPE_SCHEDULER_EVERY_MS: '10000',
  };
  const api = await startApi('api-soak', target, apiKey, {
    ...settings,
    METRICS_PORT: String(metricsPort),
  });
  started.push(api);
  const worker = await startWorker('worker-soak', target, settings);
  started.push(worker);
  const hotIds = await seed(api, apiKey, 'soak-hot', HOT_PROFILES);
  const updateIds = await seed(api, apiKey, 'soak-updated', UPDATED_PROFILES);
  return { api, apiKey, metricsPort, worker, hotIds, updateIds };
}

/** Samples both processes every 10 s until the load has run `minutes`, then stops the load. */
async function sampleUntilDone(
  servers: SoakServers,
  load: MixedLoad,
  minutes: number,
  say: (line: string) => void,
): Promise<{ api: Sample[]; worker: Sample[] }> {
  const samples = { api: [] as Sample[], worker: [] as Sample[] };
  const ms = WARMUP_MS + minutes * 60_000;
  let reported = 0;
  try {
    while (load.now() < ms) {
      const at = load.now();
      const [a, w] = await Promise.all([
        sample(`http://127.0.0.1:${servers.metricsPort}/metrics`, at),
        sample(`${servers.worker.url}/metrics`, at),
      ]);
      if (a) samples.api.push(a);
      if (w) samples.worker.push(w);
      const done = Math.floor(Math.max(0, at - WARMUP_MS) / 60_000);
      if (done > reported) {
        reported = done;
        say(`soak: ${done} of ${minutes} min, ${load.answers.length} requests so far`);
      }
      await delay(Math.min(SAMPLE_EVERY_MS, Math.max(0, ms - load.now())));
    }
  } finally {
    await load.stop();
  }
  return samples;
}

/** One row per minute: its answers' count, failures and p99, and both processes' means. */
function minuteRows(
  load: MixedLoad,
  samples: { api: Sample[]; worker: Sample[] },
  minutes: number,
): SoakMinute[] {
  const rows: SoakMinute[] = [];
  for (let minute = 1; minute <= minutes; minute++) {
    const from = WARMUP_MS + (minute - 1) * 60_000;
    const inMinute = <T extends { at: number }>(items: T[]): T[] =>
      items.filter((item) => item.at >= from && item.at < from + 60_000);
    const answers = inMinute(load.answers);
    const ok = answers.filter((a) => a.status >= 200 && a.status < 300);
    rows.push({
      minute,
      requests: answers.length,
      failed: answers.length - ok.length,
      p99Ms: percentile99(ok.map((a) => a.ms)),
      api: processMinute(inMinute(samples.api)),
      worker: processMinute(inMinute(samples.worker)),
    });
  }
  return rows;
}

/** Runs the soak for `minutes` against a fresh database on the given servers. */
export async function runSoakBench(
  options: BenchServices & { minutes: number },
): Promise<SoakReport> {
  const { say, minutes } = options;
  const target = benchTarget(options, 'scout_bench_soak', 0);
  const site = await startFakeSite({ host: '127.0.0.1' });
  const started: Server[] = [];
  try {
    const servers = await startSoakServers(target, site, started);
    const recurringTargets = Array.from({ length: SCRAPE_TARGETS }, (_, i) => `soak-scraped-${i}`);
    say(
      `soak: ${minutes} min of mixed load on ${servers.api.url} and the worker on ${servers.worker.url}`,
    );
    const load = new MixedLoad({
      url: servers.api.url,
      apiKey: servers.apiKey,
      hotIds: servers.hotIds,
      clients: 8,
      pauseMs: 0,
      giveUpMs: 35_000,
      prefix: 'soak',
      steady: { updateIds: servers.updateIds, recurringTargets },
    });
    const samples = await sampleUntilDone(servers, load, minutes, say);
    const rows = minuteRows(load, samples, minutes);
    return { minutes: rows, targets: soakTargets(rows), table: soakTable(rows) };
  } finally {
    await Promise.allSettled(started.map(stopServer));
    await site.close();
  }
}

/** Heap growth of each process from the first minute to the last, and the p99 ratio. */
function soakTargets(rows: SoakMinute[]): TargetLine[] {
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (!first || !last || rows.length < 2) {
    return [{ pass: false, text: 'soak: fewer than two minutes measured' }];
  }
  const growth = (pick: (m: SoakMinute) => number): number => pick(last) / pick(first) - 1;
  const heap = (name: 'api' | 'worker'): TargetLine => {
    const g = growth((m) => m[name].heapUsedMiB);
    return {
      pass: g < SOAK_HEAP_GROWTH_TARGET,
      text:
        `soak: ${name} heap used grows < ${fmt(SOAK_HEAP_GROWTH_TARGET * 100, 0)}% after minute 1: ` +
        `${fmt(g * 100, 1)}% (${fmt(first[name].heapUsedMiB, 1)} → ${fmt(last[name].heapUsedMiB, 1)} MiB)`,
    };
  };
  const ratio = last.p99Ms / first.p99Ms;
  return [
    heap('api'),
    heap('worker'),
    {
      pass: ratio <= SOAK_P99_RATIO_TARGET,
      text:
        `soak: p99 of the last minute ≤ ${SOAK_P99_RATIO_TARGET} × the first: ${fmt(ratio, 2)}× ` +
        `(${fmt(last.p99Ms, 1)} vs ${fmt(first.p99Ms, 1)} ms)`,
    },
  ];
}

function soakTable(rows: SoakMinute[]): string {
  const lines = rows.map(
    (m) =>
      `| ${m.minute} | ${fmt(m.requests, 0)} | ${m.failed} | ${fmt(m.p99Ms, 1)} | ` +
      `${fmt(m.api.rssMiB, 1)} | ${fmt(m.api.heapUsedMiB, 1)} | ${fmt(m.api.lagP99Ms, 1)} | ` +
      `${fmt(m.worker.rssMiB, 1)} | ${fmt(m.worker.heapUsedMiB, 1)} | ${fmt(m.worker.lagP99Ms, 1)} |`,
  );
  return [
    '| minute | requests | failed | p99 ms | api RSS MiB | api heap used MiB | api loop lag p99 ms | worker RSS MiB | worker heap used MiB | worker loop lag p99 ms |',
    '|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...lines,
  ].join('\n');
}

/** Where the soak section sits in docs/benchmarks.md; the rest of the file is left alone. */
const SOAK_START = '<!-- bench:soak:start -->';
const SOAK_END = '<!-- bench:soak:end -->';

/** The run the soak section comes from, for its header. */
export interface SoakRun extends SectionRun {
  /** CPU other processes took during the run, as the bench describes it. */
  otherLoad: string;
}

/** The soak section of docs/benchmarks.md: how it was made, the table and the targets. */
export function soakSection(report: SoakReport, run: SoakRun): string {
  return [
    SOAK_START,
    '',
    '## Soak',
    '',
    ...generatedBy(run.commit, run.command),
    '',
    `Server: ${run.server}. ${run.cpus} cores, load average ` +
      `${run.loadAtStart.map((l) => fmt(l, 2)).join(', ')} at the start; ${run.otherLoad}.`,
    '',
    report.table,
    '',
    ...report.targets.map((t) => `- ${t.pass ? 'pass' : 'MISS'}: ${t.text}`),
    '',
    `One built api and one built worker (\`NODE_ENV=production\`, the fake profile site as the ` +
      `source) under 8 clients sending back to back: 40% cached reads of ${HOT_PROFILES} hot ` +
      `profiles, 20% first pages of the profile list, 25% \`PATCH\`es of ${UPDATED_PROFILES} ` +
      `profiles, 15% scrape requests cycling through ${SCRAPE_TARGETS} targets, so the profile ` +
      `collection keeps its size; finished scrape jobs and change events are kept for ` +
      `${RETENTION_MS / 1000} s (retention, swept every 10 s), so those collections settle at a ` +
      `steady size too; minute 1 starts after ${WARMUP_MS / 1000} s of the same load (one ` +
      `retention window and a sweep), not reported. Every ${SAMPLE_EVERY_MS / 1000} s both ` +
      `processes' \`/metrics\` ` +
      `are read; a minute's RSS and heap used are the means of its samples, its loop lag the worst ` +
      `\`nodejs_eventloop_lag_p99_seconds\`, its p99 that of the 2xx answers sent in it.`,
    '',
    SOAK_END,
  ].join('\n');
}

/** Replaces the soak section of `file` (or appends it), keeping everything else as it is. */
export async function writeSoakSection(file: string, section: string): Promise<void> {
  await writeSection(file, { start: SOAK_START, end: SOAK_END }, section);
}
