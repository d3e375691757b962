// The growth part of `npm run bench` (BENCH_PART=growth): how the cost of Scout's reads, of a
// batch write and of the scrape pipeline grows with the profiles collection, at 1,000, 10,000
// and 100,000 profiles. Each size gets a database of its own, loaded with raw documents
// (insertMany, not the api), and a fresh api (cache off) and worker. Where a size would take
// too long on this server, the row says so with the estimate instead of a figure.
import fs from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

import mongoose, { Types } from 'mongoose';
import { format, resolveConfig } from 'prettier';
import type { components, paths, ScoutClient } from '@scout/client';
import { CursorCodec } from '@scout/common';

import { COMPANIES, type FakeSite } from '../../test/fixtures/fake-site';
import { scoutClient } from './http';
import { makeProfile, type ProfileBody } from './profiles';
import { fmt, median } from './report';
import {
  createCompanies,
  enqueue,
  finishedJobs,
  redisConnection,
  scoutWorkerConcurrency,
  waitUntilDrained,
} from './scrape';
import {
  type ApiTarget,
  prepareDatabase,
  type Server,
  startApi,
  startWorker,
  stopServer,
} from './servers';
import { Queue } from 'bullmq';

/** The sizes the table reports; BENCH_GROWTH_SIZES picks others for quick runs. */
export const GROWTH_SIZES = [1_000, 10_000, 100_000];
/** How long the part waits for a size's database to be dropped before moving on. */
const DROP_TIMEOUT_MS = 60_000;
/** Every request of the bench gives up after this long (scripts/bench/http.ts). */
const REQUEST_LIMIT_S = 120;
/** The smallest size the part accepts: the templates and a deep page must fit. */
export const MIN_GROWTH_SIZE = 200;
/** A single request predicted to take longer than this is not sent; the row gives the estimate. */
const MAX_SAMPLE_MS = 90_000;
/** Time one row may take at one size; slow rows measure fewer samples (at least one). */
const ROW_BUDGET_MS = 20_000;
/** The pipeline's time budget per size, its job count bounds, and its hard stop. */
const PIPELINE_BUDGET_MS = 30_000;
const PIPELINE_MIN_JOBS = 8;
const PIPELINE_MAX_JOBS = 200;
const PIPELINE_MAX_MS = 180_000;
/** Profiles written through the batch route as the template of every raw document. */
const TEMPLATES = 100;
const LOAD_CHUNK = 1_000;
const BATCH = 1_000;
const PAGE = 20;
/** The list scope of an unfiltered `-updatedAt` page, as the profiles service signs cursors. */
const LIST_SCOPE = 'profiles|-updatedAt|{}';
const SKILL = 'typescript';
const COMPANY = COMPANIES[0]?.slug ?? 'acme';

type RowKey = 'lookup' | 'first' | 'deep' | 'skill' | 'company' | 'batch' | 'pipeline';

/** One row of the table: what it measures and how many samples it takes when time allows. */
interface RowSpec {
  key: RowKey;
  name: string;
  samples: number;
}

const ROWS: readonly RowSpec[] = [
  { key: 'lookup', name: 'unique lookup: `GET /v1/profiles/:publicId` (cache off)', samples: 5 },
  { key: 'first', name: `first page: \`GET /v1/profiles?limit=${PAGE}\``, samples: 3 },
  { key: 'deep', name: 'deep page: the same with a cursor halfway down', samples: 3 },
  { key: 'skill', name: `filtered page: \`?skill=${SKILL}&limit=${PAGE}\``, samples: 3 },
  { key: 'company', name: `filtered page: \`?company=${COMPANY}&limit=${PAGE}\``, samples: 3 },
  { key: 'batch', name: `batch: \`POST /v1/profiles/batch\` of ${fmt(BATCH, 0)} new`, samples: 1 },
  { key: 'pipeline', name: 'pipeline: scrape jobs end to end (jobs/s)', samples: 1 },
];

/** One cell: the median time (ms per request, or per job for the pipeline), or why there is none. */
export interface GrowthCell {
  ms?: number;
  /** Requests (or jobs) measured. */
  samples: number;
  note?: string;
}

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

/** Options of {@link runGrowthBench}. */
export interface GrowthOptions {
  /** Base URIs of the throwaway services, without database name or number. */
  mongoUri: string;
  redisUrl: string;
  secrets: { cursorSecret: string; apiKeySecret: string; suppressionSecret: string };
  sizes: number[];
  site: FakeSite;
  say: (line: string) => void;
}

type Db = NonNullable<mongoose.Connection['db']>;

/** Profile `n` of a batch, employed at one of the fake site's companies (for the company filter). */
function employedProfile(prefix: string, n: number): ProfileBody & { currentCompany: string } {
  return {
    ...makeProfile(prefix, n),
    currentCompany: COMPANIES[n % COMPANIES.length]?.slug ?? COMPANY,
  };
}

/** The public id of raw profile `i`; profile 0 is the most recently updated. */
function rawId(i: number): string {
  return `growth-${i}`;
}

/**
 * Loads `size` raw profiles: copies of {@link TEMPLATES} profiles the batch route wrote (so every
 * field is as Scout stores it), each with its own _id and publicId, updated one second apart so
 * the list order is known. The templates are removed afterwards.
 */
async function load(
  api: Server,
  db: Db,
  size: number,
  at: number,
): Promise<Array<{ _id: Types.ObjectId; updatedAt: Date }>> {
  const bodies = Array.from({ length: TEMPLATES }, (_, n) => employedProfile('growth-template', n));
  await timed('POST /v1/profiles/batch', () =>
    scoutClient(api).POST('/v1/profiles/batch', { body: { profiles: asCreate(bodies) } }),
  );
  const profiles = db.collection('profiles');
  const templates = await profiles.find({ publicId: { $regex: '^growth-template-' } }).toArray();
  if (templates.length !== TEMPLATES)
    throw new Error(`found ${templates.length} templates, not ${TEMPLATES}`);
  await profiles.deleteMany({ publicId: { $regex: '^growth-template-' } });
  const keys: Array<{ _id: Types.ObjectId; updatedAt: Date }> = [];
  for (let from = 0; from < size; from += LOAD_CHUNK) {
    const docs = [];
    for (let i = from; i < Math.min(size, from + LOAD_CHUNK); i++) {
      const template = templates[i % TEMPLATES];
      const _id = new Types.ObjectId();
      const updatedAt = new Date(at - i * 1_000);
      keys.push({ _id, updatedAt });
      docs.push({ ...template, _id, publicId: rawId(i), createdAt: updatedAt, updatedAt });
    }
    await profiles.insertMany(docs, { ordered: false });
  }
  return keys;
}

/**
 * Times one call through Scout's SDK and returns its answer; a problem answer is thrown by the
 * SDK (`ScoutProblemError`, with its status and code), any other answer without a body here.
 */
async function timed<T>(
  label: string,
  call: () => Promise<{ data?: T; response: Response }>,
): Promise<{ ms: number; data: T }> {
  const started = performance.now();
  const { data, response } = await call();
  const ms = performance.now() - started;
  if (data === undefined) {
    throw new Error(`${label} answered ${response.status} after ${fmt(ms / 1000, 1)} s`);
  }
  return { ms, data };
}

/** The generated profiles use the document's country codes; ProfileBody types them as text. */
function asCreate(bodies: ProfileBody[]): Array<components['schemas']['CreateProfileDto']> {
  return bodies as Array<components['schemas']['CreateProfileDto']>;
}

type ProfileQuery = NonNullable<paths['/v1/profiles']['get']['parameters']['query']>;

/**
 * A list request that must return profiles: a full page unless `filtered` (a small collection
 * may hold fewer matches), starting at `firstPublicId` when given.
 */
async function page(
  scout: ScoutClient,
  query: ProfileQuery,
  expect: { filtered?: boolean; firstPublicId?: string } = {},
): Promise<number> {
  const path = `GET /v1/profiles ${JSON.stringify(query)}`;
  const { ms, data: body } = await timed(path, () =>
    scout.GET('/v1/profiles', { params: { query } }),
  );
  const count = body.data.length;
  if (expect.filtered ? count === 0 : count !== PAGE) {
    throw new Error(`${path} returned ${count} profiles`);
  }
  if (expect.firstPublicId && body.data[0]?.publicId !== expect.firstPublicId) {
    throw new Error(
      `${path} starts at ${body.data[0]?.publicId ?? 'nothing'}, not ${expect.firstPublicId}`,
    );
  }
  return ms;
}

/**
 * The estimate for `sizes[index]` from the row's measured sizes below it: the growth exponent of
 * the last two (between 0 and 1.2), or linear, the worst case here, from a single one.
 */
function predict(
  row: GrowthCell[],
  sizes: number[],
  index: number,
): { ms: number; from: number; exponent: number } | undefined {
  const measured = sizes
    .slice(0, index)
    .map((size, i) => ({ size, ms: row[i]?.ms, i }))
    .filter((p): p is { size: number; ms: number; i: number } => p.ms !== undefined && p.ms > 0);
  const last = measured.at(-1);
  const target = sizes[index];
  if (!last || target === undefined) return undefined;
  const previous = measured.at(-2);
  const exponent = previous
    ? Math.min(
        1.2,
        Math.max(0, Math.log(last.ms / previous.ms) / Math.log(last.size / previous.size)),
      )
    : 1;
  return { ms: last.ms * (target / last.size) ** exponent, from: last.i, exponent };
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

/** Picks how many samples a row takes at one size, or why it is skipped. */
function plan(
  spec: RowSpec,
  cells: GrowthCell[],
  sizes: number[],
  index: number,
): { samples: number } | { skip: string } {
  const estimate = predict(cells, sizes, index);
  if (!estimate) return { samples: spec.samples };
  if (estimate.ms > MAX_SAMPLE_MS) {
    const fromSize = sizes[estimate.from] ?? 0;
    return {
      skip:
        `skipped: would take ~${fmt(estimate.ms / 1000, 0)} s per request ` +
        `(${fmt((cells[estimate.from]?.ms ?? 0) / 1000, 2)} s at ${fmt(fromSize, 0)} × ` +
        `${fmt(estimate.exponent === 1 ? 10 : 10 ** estimate.exponent, 1)} per 10×)`,
    };
  }
  return { samples: Math.max(1, Math.min(spec.samples, Math.floor(ROW_BUDGET_MS / estimate.ms))) };
}

/** Measures `samples` runs of `sample(i)` (each returns ms) and keeps the median. */
async function sampled(
  samples: number,
  sample: (i: number) => Promise<number>,
): Promise<GrowthCell> {
  const values: number[] = [];
  for (let i = 0; i < samples; i++) values.push(await sample(i));
  return { ms: median(values), samples };
}

/** Scrapes `jobs` new profiles end to end; returns ms per job (first POST to last finishedAt). */
async function scrapeRound(
  api: Server,
  queue: Queue,
  prefix: string,
  jobs: number,
  say: (line: string) => void,
): Promise<number> {
  const ids = Array.from({ length: jobs }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
  const started = Date.now();
  try {
    await enqueue(api, ids);
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'TimeoutError') throw error;
    const timeout = new Error(
      `\`POST /v1/scrape-jobs/batch\` of ${jobs} new profiles was not answered within ${REQUEST_LIMIT_S} s`,
    );
    timeout.name = 'TimeoutError';
    throw timeout;
  }
  const drained = await waitUntilDrained(api, queue, {
    timeoutMs: 2 * PIPELINE_MAX_MS,
    failOnFailed: true,
    label: `growth pipeline (${jobs} jobs)`,
    say,
  });
  if (!drained) throw new Error(`${prefix}: ${jobs} scrape jobs did not finish in time`);
  const succeeded = (await finishedJobs(api, prefix)).filter((job) => job.status === 'succeeded');
  if (succeeded.length !== jobs)
    throw new Error(`${prefix}: ${succeeded.length} of ${jobs} succeeded`);
  const last = Math.max(...succeeded.map((job) => Date.parse(job.finishedAt ?? '')));
  return (last - started) / jobs;
}

/**
 * The pipeline at one size: as many jobs as fit {@link PIPELINE_BUDGET_MS} at the estimated
 * cost per job. Without an estimate (the first size) a probe of {@link PIPELINE_MIN_JOBS} jobs
 * gives one, and is the figure itself when a larger round would not fit the budget.
 */
async function pipeline(
  api: Server,
  queue: Queue,
  size: number,
  estimate: number | undefined,
  say: (line: string) => void,
): Promise<GrowthCell> {
  const prefix = `growth-scrape-${size}-`;
  let perJob = estimate;
  let probe: GrowthCell | undefined;
  if (perJob === undefined) {
    perJob = await scrapeRound(api, queue, `growth-probe-${size}-`, PIPELINE_MIN_JOBS, say);
    probe = { ms: perJob, samples: PIPELINE_MIN_JOBS };
  }
  const jobs = Math.min(PIPELINE_MAX_JOBS, Math.floor(PIPELINE_BUDGET_MS / perJob));
  if (jobs < PIPELINE_MIN_JOBS * (probe ? 2 : 1)) {
    return (
      probe ?? {
        ms: await scrapeRound(api, queue, prefix, PIPELINE_MIN_JOBS, say),
        samples: PIPELINE_MIN_JOBS,
      }
    );
  }
  return { ms: await scrapeRound(api, queue, prefix, jobs, say), samples: jobs };
}

/** What a run of this part holds open, closed by {@link closeGrowthResources} on any exit. */
const openResources = new Set<() => Promise<void>>();

/** Closes the queue reader and database connection of a run that was interrupted. */
export async function closeGrowthResources(): Promise<void> {
  await Promise.allSettled([...openResources].map((close) => close()));
  openResources.clear();
}

/**
 * Measures every row at every size, smallest first, each size in a database of its own behind
 * a fresh api (cache off, so reads reach the database) and worker; stops them and drops the
 * database before the next size.
 */
export async function runGrowthBench(options: GrowthOptions): Promise<GrowthReport> {
  const { sizes, say } = options;
  const concurrency = scoutWorkerConcurrency();
  const cells = new Map<RowKey, GrowthCell[]>(ROWS.map((row) => [row.key, []]));
  const loadSeconds: number[] = [];
  const codec = new CursorCodec([options.secrets.cursorSecret]);
  for (const [index, size] of sizes.entries()) {
    const target: ApiTarget = {
      mongoUri: `${options.mongoUri}/scout_bench_growth_${size}`,
      redisUrl: `${options.redisUrl}/2`,
      ...options.secrets,
    };
    const env = {
      CACHE_ENABLED: 'false',
      REQUEST_TIMEOUT_MS: String(2 * MAX_SAMPLE_MS),
      SCRAPER_BASE_URL: options.site.url,
      SCRAPER_RATE_PER_MINUTE: '100000',
      SCRAPE_SCHEDULER_EVERY_MS: String(24 * 3_600_000),
      QUEUE_PREFIX: `bench-growth-${size}`,
      WORKER_CONCURRENCY: String(concurrency),
    };
    const { apiKey } = await prepareDatabase(target);
    const api = await startApi(`api-growth-${size}`, target, apiKey, env);
    let worker: Server | undefined;
    const connection = await mongoose.createConnection(target.mongoUri).asPromise();
    const closeConnection = (): Promise<void> => connection.close();
    openResources.add(closeConnection);
    const queue = new Queue('scrape', {
      connection: redisConnection(target.redisUrl),
      prefix: env.QUEUE_PREFIX,
    });
    const closeQueue = (): Promise<void> => queue.close();
    openResources.add(closeQueue);
    try {
      const db = connection.db;
      if (!db) throw new Error('no database handle');
      await createCompanies(api);
      const loadStarted = performance.now();
      const keys = await load(api, db, size, Date.now() - 3_600_000);
      loadSeconds.push((performance.now() - loadStarted) / 1000);
      say(`growth ${fmt(size, 0)}: loaded in ${fmt(loadSeconds.at(-1) ?? 0, 1)} s`);

      const depth = Math.floor(size / 2);
      const before = keys[depth - 1];
      if (!before) throw new Error(`no profile at depth ${depth}`);
      const cursor = codec.encode(LIST_SCOPE, [
        before.updatedAt.getTime(),
        before._id.toHexString(),
      ]);
      const scout = scoutClient(api);
      const measure: Record<
        Exclude<RowKey, 'pipeline'>,
        (i: number, n: number) => Promise<number>
      > = {
        lookup: async (i, n) => {
          const id = rawId(Math.floor(((i + 0.5) * size) / n));
          return (
            await timed(`GET /v1/profiles/${id}`, () =>
              scout.GET('/v1/profiles/{id}', { params: { path: { id } } }),
            )
          ).ms;
        },
        first: () => page(scout, { limit: PAGE }, { firstPublicId: rawId(0) }),
        deep: () => page(scout, { limit: PAGE, cursor }, { firstPublicId: rawId(depth) }),
        skill: () => page(scout, { limit: PAGE, skill: SKILL }, { filtered: true }),
        company: () => page(scout, { limit: PAGE, company: COMPANY }, { filtered: true }),
        batch: async (i) => {
          const profiles = Array.from({ length: BATCH }, (_, n) =>
            employedProfile(`growth-batch-${i}`, n),
          );
          const body = { profiles: asCreate(profiles) };
          return (
            await timed('POST /v1/profiles/batch', () => scout.POST('/v1/profiles/batch', { body }))
          ).ms;
        },
      };
      const measureRow = async (
        spec: RowSpec,
        decided: { samples: number } | { skip: string },
        row: GrowthCell[],
        at: number,
      ): Promise<GrowthCell> => {
        if ('skip' in decided) return { samples: 0, note: decided.skip };
        if (spec.key !== 'pipeline') {
          const run = measure[spec.key];
          return sampled(decided.samples, (i) => run(i, decided.samples));
        }
        worker ??= await startWorker(`worker-growth-${size}`, target, env);
        const estimate = predict(row, sizes, at)?.ms;
        if (estimate !== undefined && estimate * PIPELINE_MIN_JOBS > PIPELINE_MAX_MS) {
          return {
            samples: 0,
            note:
              `skipped: ${PIPELINE_MIN_JOBS} jobs would take ` +
              `~${fmt((estimate * PIPELINE_MIN_JOBS) / 1000, 0)} s (estimated from the smaller sizes)`,
          };
        }
        return pipeline(api, queue, size, estimate, say);
      };
      for (const spec of ROWS) {
        const row = cells.get(spec.key) ?? [];
        const decided = plan(spec, row, sizes, index);
        let cell: GrowthCell;
        const rowStarted = performance.now();
        try {
          cell = await measureRow(spec, decided, row, index);
        } catch (error) {
          // A request the server could not answer in time is a result at this size, not a crash.
          if (!(error instanceof Error) || error.name !== 'TimeoutError') throw error;
          cell = {
            samples: 0,
            note: error.message.startsWith('`')
              ? `failed: ${error.message}`
              : `failed: a request was not answered within ${REQUEST_LIMIT_S} s ` +
                `(${fmt((performance.now() - rowStarted) / 1000, 0)} s into the row)`,
          };
        }
        row[index] = cell;
        say(`growth ${fmt(size, 0)}: ${spec.key} ${describeCell(spec.key, cell)}`);
      }
    } finally {
      openResources.delete(closeQueue);
      await queue.close();
      if (worker) await stopServer(worker);
      await stopServer(api);
      // Frees the server for the next size. The last size's data goes with the services; a drop
      // would wait for any scan the server is still running (e.g. of a request that timed out).
      if (index < sizes.length - 1) {
        await Promise.race([
          connection.db?.dropDatabase().catch(() => undefined),
          delay(DROP_TIMEOUT_MS),
        ]);
      }
      openResources.delete(closeConnection);
      await connection.close();
    }
  }
  return {
    sizes,
    loadSeconds,
    concurrency,
    rows: ROWS.map((spec) => {
      const row = cells.get(spec.key) ?? [];
      return { key: spec.key, name: spec.name, cells: row, shape: shapeOf(sizes, row) };
    }),
  };
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
export interface GrowthRun {
  command: string;
  commit: string;
  server: string;
  cpus: number;
  loadAtStart: number[];
  seconds: number;
}

/** The growth section of docs/benchmarks.md: how it was made, the table, and how to read it. */
export function growthSection(report: GrowthReport, run: GrowthRun): string {
  return [
    GROWTH_START,
    '',
    '## How Scout grows with the collection',
    '',
    `Generated ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} at commit \`${run.commit}\` by:`,
    '',
    '```sh',
    run.command,
    '```',
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
      `(${ROW_BUDGET_MS / 1000} s per row and size). The shape is computed from the figures: k ` +
      `is the exponent of the growth between the smallest and largest measured size (time ∝ ` +
      `profiles^k), ≥ 0.8 linear, < 0.25 flat or logarithmic.`,
    '',
    GROWTH_END,
  ].join('\n');
}

/** Replaces the growth section of `file` (or appends it), keeping everything else as it is. */
export async function writeGrowthSection(file: string, section: string): Promise<void> {
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const start = current.indexOf(GROWTH_START);
  const end = current.indexOf(GROWTH_END);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + section + current.slice(end + GROWTH_END.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  const options = (await resolveConfig(file)) ?? {};
  fs.writeFileSync(file, await format(next, { ...options, filepath: file }));
}
