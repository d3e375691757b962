// The bench's settings: the environment knobs of quick local runs (a run that sets any of them
// leaves docs/benchmarks.md alone), which parts run, and each part's scale, reduced where the
// database server scans whole collections (FerretDB).
import { GROWTH_SIZES, MIN_GROWTH_SIZE } from './growth-plan';
import type { ScaleConfig } from './scale';
import type { ScrapeConfig } from './scrape';

/** Environment knobs for quick local runs; a run that sets any of them leaves the doc alone. */
const KNOBS = [
  'BENCH_ROUNDS',
  'BENCH_DURATION_S',
  'BENCH_WARMUP_S',
  'BENCH_CONNECTIONS',
  'BENCH_PROFILES',
  'BENCH_DEEP',
  'BENCH_WRITES',
  'BENCH_RAW_JOBS',
  'BENCH_SCRAPE_JOBS',
  'BENCH_FAULT_JOBS',
  'BENCH_SCALE_JOBS',
] as const;
/**
 * `http`, `writes`, `compression`, `telemetry`, `scrape`, `growth`, `soak`, `webhooks`,
 * `erasure` or `scale` runs only that part (a quick run; the doc is left alone). `soak`,
 * `webhooks`, `erasure` and `scale` run only when named.
 */
export const PARTS_KNOB = 'BENCH_PART';
const PARTS = [
  'http',
  'writes',
  'compression',
  'telemetry',
  'scrape',
  'growth',
  'soak',
  'webhooks',
  'erasure',
  'scale',
] as const;
export type Part = (typeof PARTS)[number];
/**
 * Minutes of the soak part (default 10). The soak runs only when BENCH_PART=soak asks for it: the
 * other parts already take about 16 minutes together, so it would push the default run past 20.
 */
export const SOAK_MINUTES_KNOB = 'BENCH_SOAK_MINUTES';
/** Comma-separated collection sizes for the growth part (a quick run; the doc is left alone). */
const GROWTH_SIZES_KNOB = 'BENCH_GROWTH_SIZES';

function knob(name: (typeof KNOBS)[number], fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

/** The read and write scenarios' settings. */
export const CONFIG = {
  rounds: knob('BENCH_ROUNDS', 3),
  durationS: knob('BENCH_DURATION_S', 8),
  warmupS: knob('BENCH_WARMUP_S', 2),
  connections: knob('BENCH_CONNECTIONS', 50),
  /** Ids the cached/uncached profile reads cycle through. */
  hotIds: 8,
  walkPageSize: 100,
  seedInFlight: 2,
  batchInFlight: 2,
  singleInFlight: 16,
  /** Writes (per mode) sent to a fresh write api before it is measured, to warm it up. */
  writeWarmup: 200,
};

/** No knob and no part named: the run rewrites the results section of the doc. */
export const isDefaultRun = [...KNOBS, PARTS_KNOB, GROWTH_SIZES_KNOB].every(
  (name) => !process.env[name],
);
/** The growth part alone at its own sizes is a complete measurement of it: its section is rewritten. */
export const writesGrowth =
  [...KNOBS, GROWTH_SIZES_KNOB].every((name) => !process.env[name]) &&
  ['', 'growth'].includes(process.env[PARTS_KNOB] ?? '');
/** The scale part at its own job count is a complete measurement of it: its section is rewritten. */
export const writesScale = KNOBS.every((name) => !process.env[name]);

/** BENCH_SOAK_MINUTES, or 10. */
export function soakMinutes(): number {
  const raw = process.env[SOAK_MINUTES_KNOB];
  if (raw === undefined || raw === '') return 10;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 2) {
    throw new Error(`${SOAK_MINUTES_KNOB} must be an integer of at least 2`);
  }
  return value;
}

/** The growth part's sizes: BENCH_GROWTH_SIZES (e.g. `10000`) or 1,000, 10,000 and 100,000. */
export function growthSizes(): number[] {
  const raw = process.env[GROWTH_SIZES_KNOB];
  if (!raw) return GROWTH_SIZES;
  const sizes = raw.split(',').map((part) => Number(part.trim()));
  if (sizes.some((size) => !Number.isInteger(size) || size < MIN_GROWTH_SIZE)) {
    throw new Error(
      `${GROWTH_SIZES_KNOB} must be comma-separated integers of at least ${MIN_GROWTH_SIZE}`,
    );
  }
  return [...sizes].sort((a, b) => a - b);
}

/** Parts that run only when BENCH_PART names them: each alone takes minutes the default run lacks. */
const OPT_IN: ReadonlySet<Part> = new Set(['soak', 'webhooks', 'erasure', 'scale']);

/** Which parts this run measures: all but the opt-in ones unless BENCH_PART names one. */
export function chooseParts(): Record<Part, boolean> {
  const part = process.env[PARTS_KNOB] ?? '';
  if (part !== '' && !(PARTS as readonly string[]).includes(part)) {
    throw new Error(`${PARTS_KNOB} must be one of ${PARTS.join(', ')}`);
  }
  const runs = (name: Part): boolean => part === name || (part === '' && !OPT_IN.has(name));
  return Object.fromEntries(PARTS.map((name) => [name, runs(name)])) as Record<Part, boolean>;
}

/** Profiles written per write mode and round, and why that differs from MongoDB's, if it does. */
export interface WritesScale {
  writes: number;
  reducedBecause?: string;
}

/**
 * 10,000 profiles per write mode and round on MongoDB, 1,000 on FerretDB. There each batch's
 * `publicId $in` lookup reads the whole collection (FerretDB pushes no `$in` down), so a batch
 * costs more the more were written before it; before the index sync's PostgreSQL equality
 * indexes every update statement and event commit scanned too, and 10,000 per mode took about
 * 20 minutes a round. 1,000 keeps the whole default run under 20 minutes.
 */
export function chooseWrites(ferretdb: boolean): WritesScale {
  return ferretdb
    ? {
        writes: knob('BENCH_WRITES', 1_000),
        reducedBecause:
          "FerretDB reads the whole collection for each batch's publicId $in lookup, so a " +
          'batch costs more the more were written before it',
      }
    : { writes: knob('BENCH_WRITES', 10_000) };
}

/** Collection size and list load: the on MongoDB, reduced where the server scans. */
export interface Scale {
  profiles: number;
  deep: number;
  listConnections: number;
  listDurationS: number;
  /** Why the scale differs from the issue's, if it does. */
  reducedBecause?: string;
}

/**
 * The scale (100,000 profiles, a cursor 50,000 deep, 50 connections) unless the server is
 * FerretDB: it scans the whole collection for every list request and every batch lookup (no
 * pushdown on SQLite), which at 100,000 profiles costs ~25 s per request, so seeding alone would
 * take over 20 minutes and 50 concurrent list requests would only queue into timeouts.
 */
export function chooseScale(ferretdb: boolean): Scale {
  const full = ferretdb
    ? {
        profiles: 5_000,
        deep: 2_500,
        listConnections: 2,
        listDurationS: 20,
        reducedBecause: 'FerretDB scans the whole collection for list queries',
      }
    : {
        profiles: 100_000,
        deep: 50_000,
        listConnections: CONFIG.connections,
        listDurationS: CONFIG.durationS,
      };
  const profiles = knob('BENCH_PROFILES', full.profiles);
  const deep = knob('BENCH_DEEP', Math.min(full.deep, Math.floor(profiles / 2)));
  if (deep % CONFIG.walkPageSize !== 0 || deep >= profiles) {
    throw new Error(`BENCH_DEEP must be a multiple of ${CONFIG.walkPageSize} below BENCH_PROFILES`);
  }
  return { ...full, profiles, deep };
}

/**
 * The scraping part's scale: the issue's (5,000 profiles end to end, 1,000 under faults) unless
 * the server is FerretDB, where Scout scrapes about 25 jobs/s on 2 cores and FerretDB still reads
 * the whole profiles collection for each enqueue batch's `publicId $in`: 500 and 500 keep the
 * whole default run under 20 minutes. (Before the index sync's PostgreSQL equality indexes every
 * job's publicId lookup scanned too: 1,000 jobs took 6.5–10 minutes.) (c) gets a fresh database,
 * so its cost does not depend on (b)'s.
 */
export function chooseScrapeConfig(ferretdb: boolean): ScrapeConfig {
  const full = ferretdb
    ? {
        scoutJobs: 500,
        faultJobs: 500,
        reducedBecause:
          'the whole run stays under 20 minutes on 2 cores, and FerretDB reads the whole ' +
          "profiles collection for each enqueue batch's publicId $in",
      }
    : { scoutJobs: 5_000, faultJobs: 1_000 };
  return {
    rawJobs: knob('BENCH_RAW_JOBS', 5_000),
    scoutJobs: knob('BENCH_SCRAPE_JOBS', full.scoutJobs),
    faultJobs: knob('BENCH_FAULT_JOBS', full.faultJobs),
    rawRounds: CONFIG.rounds,
    scoutTimeoutMs: 10 * 60_000,
    faultTimeoutMs: 5 * 60_000,
    reducedBecause: full.reducedBecause,
  };
}

/**
 * The scale part's settings: 2,000 scrape jobs per worker count on MongoDB, 300 on FerretDB (for
 * the reason of {@link chooseScrapeConfig}: each worker count gets a fresh database, and 300 jobs
 * keep a run under a minute there), and the read scenarios' connections, rounds and durations.
 */
export function chooseScaleConfig(ferretdb: boolean): ScaleConfig {
  return {
    jobs: knob('BENCH_SCALE_JOBS', ferretdb ? 300 : 2_000),
    workerCounts: [1, 2, 4],
    jobsTimeoutMs: 5 * 60_000,
    rounds: CONFIG.rounds,
    connections: CONFIG.connections,
    warmupS: CONFIG.warmupS,
    durationS: CONFIG.durationS,
    hotIds: CONFIG.hotIds,
    reducedBecause: ferretdb
      ? "the part stays near 3 minutes, and FerretDB reads the whole profiles collection for each enqueue batch's publicId $in"
      : undefined,
  };
}
