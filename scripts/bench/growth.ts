// The growth part of `npm run bench` (BENCH_PART=growth): how the cost of Scout's reads, of a
// batch write and of the scrape pipeline grows with the profiles collection, at 1,000, 10,000
// and 100,000 profiles. Each size gets a database of its own, loaded with raw documents
// (insertMany, not the api), and a fresh api (cache off) and worker. Where a size would take
// too long on this server, the row says so with the estimate instead of a figure.
import { setTimeout as delay } from 'node:timers/promises';

import mongoose, { type Connection } from 'mongoose';

import type { FakeSite } from '../../test/fixtures/fake-site';
import {
  type Decision,
  type GrowthCell,
  MAX_SAMPLE_MS,
  plan,
  predict,
  REQUEST_LIMIT_S,
  RowFailed,
  type RowKey,
  ROWS,
  type RowSpec,
  sampled,
} from './growth-plan';
import { pipeline, PIPELINE_MAX_MS, PIPELINE_MIN_JOBS } from './growth-pipeline';
import { describeCell, type GrowthReport, shapeOf } from './growth-report';
import { load, requestRows, type RequestRows } from './growth-size';
import { fmt } from './report';
import { requestTimeoutEnv } from './servers';
import { track } from './support/resources';
import { scoutWorkerConcurrency } from './support/scrape-queue';
import { scrapeEnv, type ScoutStack, startScoutStack } from './support/scout-stack';
import { type BenchServices, benchTarget } from './support/target';

export { GROWTH_SIZES, MIN_GROWTH_SIZE } from './growth-plan';
export { type GrowthReport, growthSection, writeGrowthSection } from './growth-report';

/** How long the part waits for a size's database to be dropped before moving on. */
const DROP_TIMEOUT_MS = 60_000;

/** Options of {@link runGrowthBench}. */
export interface GrowthOptions extends BenchServices {
  sizes: number[];
  site: FakeSite;
}

/** One size being measured: its api (and worker once the pipeline row starts) and its rows. */
interface SizeRun {
  stack: ScoutStack;
  rows: RequestRows;
  sizes: number[];
  index: number;
  say: (line: string) => void;
}

/** Measures one cell: a request row's samples, or the pipeline with a worker started for it. */
async function measureCell(
  run: SizeRun,
  spec: RowSpec,
  decided: Decision,
  row: GrowthCell[],
): Promise<GrowthCell> {
  if ('skip' in decided) return { samples: 0, note: decided.skip };
  if (spec.key !== 'pipeline') {
    const measure = run.rows[spec.key];
    return sampled(decided.samples, (i) => measure(i, decided.samples));
  }
  if (run.stack.workers.length === 0) await run.stack.addWorker();
  const estimate = predict(row, run.sizes, run.index)?.ms;
  if (estimate !== undefined && estimate * PIPELINE_MIN_JOBS > PIPELINE_MAX_MS) {
    return {
      samples: 0,
      note:
        `skipped: ${PIPELINE_MIN_JOBS} jobs would take ` +
        `~${fmt((estimate * PIPELINE_MIN_JOBS) / 1000, 0)} s (estimated from the smaller sizes)`,
    };
  }
  const size = run.sizes[run.index] ?? 0;
  return pipeline(run.stack.api, run.stack.queue, size, estimate, run.say);
}

/**
 * The cell of a row whose request was answered with something else than its figure (a problem,
 * e.g. a 504 when the engine outlasts Scout's database deadline) or not answered in time: both
 * are the row's result at this size. Anything else is a fault of the bench and is rethrown.
 */
function failedCell(error: unknown, rowStarted: number): GrowthCell {
  if (error instanceof RowFailed) return { samples: 0, note: `failed: answered ${error.answer}` };
  if (!(error instanceof Error) || error.name !== 'TimeoutError') throw error;
  return {
    samples: 0,
    note: error.message.startsWith('`')
      ? `failed: ${error.message}`
      : `failed: a request was not answered within ${REQUEST_LIMIT_S} s ` +
        `(${fmt((performance.now() - rowStarted) / 1000, 0)} s into the row)`,
  };
}

/** Measures every row at one size; a request the server refused or did not answer is a result. */
async function measureRows(run: SizeRun, cells: Map<RowKey, GrowthCell[]>): Promise<void> {
  const size = run.sizes[run.index] ?? 0;
  for (const spec of ROWS) {
    const row = cells.get(spec.key) ?? [];
    const decided = plan(spec, row, run.sizes, run.index);
    let cell: GrowthCell;
    const rowStarted = performance.now();
    try {
      cell = await measureCell(run, spec, decided, row);
    } catch (error) {
      cell = failedCell(error, rowStarted);
    }
    row[run.index] = cell;
    run.say(`growth ${fmt(size, 0)}: ${spec.key} ${describeCell(spec.key, cell)}`);
  }
}

/** Drops a size's database, unless it is the last (its data goes with the services). */
async function dropUnlessLast(connection: Connection, last: boolean): Promise<void> {
  // A drop would wait for any scan the server is still running (e.g. of a request that timed out).
  if (last) return;
  await Promise.race([
    connection.db?.dropDatabase().catch(() => undefined),
    delay(DROP_TIMEOUT_MS),
  ]);
}

/**
 * One size: a database of its own behind a fresh api (cache off, so reads reach the database),
 * loaded with raw documents, every row measured, then the processes stopped and the database
 * dropped before the next size. Returns the load's seconds.
 */
async function measureSize(
  options: GrowthOptions,
  index: number,
  cells: Map<RowKey, GrowthCell[]>,
  concurrency: number,
): Promise<number> {
  const size = options.sizes[index] ?? 0;
  const target = benchTarget(options, `scout_bench_growth_${size}`, 2);
  const stack = await startScoutStack({
    name: `growth-${size}`,
    target,
    env: {
      ...scrapeEnv(options.site, `bench-growth-${size}`, concurrency),
      ...requestTimeoutEnv(2 * MAX_SAMPLE_MS),
      CACHE_ENABLED: 'false',
      SCRAPE_SCHEDULER_EVERY_MS: String(24 * 3_600_000),
    },
  });
  const connection = await mongoose.createConnection(target.mongoUri).asPromise();
  const closeConnection = track(() => connection.close());
  try {
    const db = connection.db;
    if (!db) throw new Error('no database handle');
    const loadStarted = performance.now();
    const keys = await load(stack.api, db, size, Date.now() - 3_600_000);
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    options.say(`growth ${fmt(size, 0)}: loaded in ${fmt(loadSeconds, 1)} s`);
    const rows = requestRows(stack.api, size, keys, options.secrets.cursorSecret);
    await measureRows({ stack, rows, sizes: options.sizes, index, say: options.say }, cells);
    return loadSeconds;
  } finally {
    await stack.stop();
    await dropUnlessLast(connection, index === options.sizes.length - 1);
    await closeConnection();
  }
}

/** Measures every row at every size, smallest first (see {@link measureSize}). */
export async function runGrowthBench(options: GrowthOptions): Promise<GrowthReport> {
  const { sizes } = options;
  const concurrency = scoutWorkerConcurrency();
  const cells = new Map<RowKey, GrowthCell[]>(ROWS.map((row) => [row.key, []]));
  const loadSeconds: number[] = [];
  for (const index of sizes.keys()) {
    loadSeconds.push(await measureSize(options, index, cells, concurrency));
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
