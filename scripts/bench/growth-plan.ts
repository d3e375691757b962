// What the growth part measures and how much of it: the rows, their sample counts, the time
// budgets, and the estimate from the smaller sizes that decides whether a row is measured at a
// larger size, with how many samples, or skipped with the estimate instead.
import { COMPANIES } from '../../test/fixtures/fake-site';
import { fmt, median } from './report';

/** The sizes the table reports; BENCH_GROWTH_SIZES picks others for quick runs. */
export const GROWTH_SIZES = [1_000, 10_000, 100_000];
/** The smallest size the part accepts: the templates and a deep page must fit. */
export const MIN_GROWTH_SIZE = 200;
/** Every request of the bench gives up after this long (scripts/bench/http.ts). */
export const REQUEST_LIMIT_S = 120;
/** A single request predicted to take longer than this is not sent; the row gives the estimate. */
export const MAX_SAMPLE_MS = 90_000;
/** Time one row may take at one size; slow rows measure fewer samples (at least one). */
export const ROW_BUDGET_MS = 20_000;
/** Profiles written through the batch route as the template of every raw document. */
export const TEMPLATES = 100;
export const LOAD_CHUNK = 1_000;
export const BATCH = 1_000;
export const PAGE = 20;
export const SKILL = 'typescript';
export const COMPANY = COMPANIES[0]?.slug ?? 'acme';

export type RowKey = 'lookup' | 'first' | 'deep' | 'skill' | 'company' | 'batch' | 'pipeline';

/** One row of the table: what it measures and how many samples it takes when time allows. */
export interface RowSpec {
  key: RowKey;
  name: string;
  samples: number;
}

export const ROWS: readonly RowSpec[] = [
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

/**
 * A request the api answered, but not with what the row measures (a problem such as a 504 when
 * the engine outlasts Scout's database deadline): the row's result at that size, not a bench
 * failure. Its message is the table cell's reason.
 */
export class RowFailed extends Error {
  override readonly name = 'RowFailed';

  constructor(
    request: string,
    /** What the api answered and when, for the cell: `504 DEPENDENCY_TIMEOUT after 5.0 s`. */
    readonly answer: string,
  ) {
    super(`${request} answered ${answer}`);
  }
}

/** How a row is measured at one size: this many samples, or skipped for this reason. */
export type Decision = { samples: number } | { skip: string };

/**
 * The estimate for `sizes[index]` from the row's measured sizes below it: the growth exponent of
 * the last two (between 0 and 1.2), or linear, the worst case here, from a single one.
 */
export function predict(
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

/** Picks how many samples a row takes at one size, or why it is skipped. */
export function plan(spec: RowSpec, cells: GrowthCell[], sizes: number[], index: number): Decision {
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
export async function sampled(
  samples: number,
  sample: (i: number) => Promise<number>,
): Promise<GrowthCell> {
  const values: number[] = [];
  for (let i = 0; i < samples; i++) values.push(await sample(i));
  return { ms: median(values), samples };
}
