// Scenario 5: batch writes against single writes. Each mode and round writes into a fresh
// database behind a fresh api: first it creates the profiles (`POST /v1/profiles/batch` of 1,000
// against `POST /v1/profiles`), then it changes each one's headline (the same batch route with
// every item changed, against `PATCH /v1/profiles/:id`). CPU seconds of the api and of the
// database server per phase, from /proc, say whose work each profile costs.
import { cpuBetween, engineCpu, processCpu } from './process-cpu';
import { fmt, median, type TargetLine, times, type WriteRow } from './report';
import {
  type ApiTarget,
  prepareDatabase,
  requestTimeoutEnv,
  startApi,
  stopServer,
} from './servers';
import { BATCH_SIZE, idsOf, patchSingles, writeBatches, writeSingles } from './workload';

/** The knobs of scenario 5. */
export interface WritesConfig {
  rounds: number;
  /** Profiles created, then changed, per mode and round. */
  writes: number;
  batchInFlight: number;
  singleInFlight: number;
  /** Writes (per mode) sent to a fresh api before it is measured, to warm it up. */
  writeWarmup: number;
  /** Why `writes` is below MongoDB's 10,000, if it is. */
  reducedBecause?: string;
}

/** What scenario 5 contributes to the report. */
export interface WritesFigures {
  writes: WriteRow[];
  targets: TargetLine[];
  perRound: string[];
  notes: string[];
  settings: Array<[string, string]>;
}

type Mode = 'batch' | 'single';
type Phase = 'create' | 'update';

type Results = Record<Mode, Array<Record<Phase, PhaseResult>>>;

interface PhaseResult {
  seconds: number;
  /** CPU seconds of the api process and of the database engine during the phase. */
  apiCpu: number;
  dbCpu: number;
}

async function timed(work: () => Promise<unknown>): Promise<PhaseResult> {
  const before = processCpu();
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuBetween(before, processCpu());
  return { seconds, apiCpu: cpu.get('api') ?? 0, dbCpu: engineCpu(cpu) };
}

/** One mode in one round: a fresh database and api, a warm-up, then create and update. */
async function measureMode(
  base: ApiTarget,
  baseUri: string,
  mode: Mode,
  round: number,
  config: WritesConfig,
  done: (phase: Phase, result: PhaseResult) => void,
): Promise<Record<Phase, PhaseResult>> {
  const target = { ...base, mongoUri: `${baseUri}/scout_bench_w${round}_${mode}` };
  const { apiKey } = await prepareDatabase(target);
  // No request deadline: on FerretDB a batch of 1,000 updates can outlast the default 30 s.
  const api = await startApi(`api-writes-${mode}-r${round}`, target, apiKey, requestTimeoutEnv(0));
  try {
    await writeBatches(api, `warm-batch-r${round}`, config.writeWarmup, 1);
    await writeSingles(api, `warm-single-r${round}`, config.writeWarmup, config.singleInFlight);
    const prefix = `bench-${mode}-r${round}`;
    const { writes, batchInFlight, singleInFlight } = config;
    const phase = async (name: Phase, work: () => Promise<unknown>): Promise<PhaseResult> => {
      const result = await timed(work);
      done(name, result);
      return result;
    };
    if (mode === 'single') {
      const create = await phase('create', () => writeSingles(api, prefix, writes, singleInFlight));
      const ids = await idsOf(api, prefix, writes);
      return {
        create,
        update: await phase('update', () => patchSingles(api, ids, singleInFlight)),
      };
    }
    return {
      create: await phase('create', () => writeBatches(api, prefix, writes, batchInFlight)),
      update: await phase('update', () =>
        writeBatches(api, prefix, writes, batchInFlight, undefined, true),
      ),
    };
  } finally {
    await stopServer(api);
  }
}

/** Every mode and round of scenario 5, alternating the order of the modes per round. */
async function measureRounds(
  target: ApiTarget,
  baseUri: string,
  config: WritesConfig,
  say: (line: string) => void,
): Promise<{ results: Results; perRound: string[] }> {
  const results: Results = { batch: [], single: [] };
  const perRound: string[] = [];
  for (let round = 1; round <= config.rounds; round++) {
    for (const mode of round % 2
      ? (['batch', 'single'] as const)
      : (['single', 'batch'] as const)) {
      const result = await measureMode(target, baseUri, mode, round, config, (phase, done) => {
        const line =
          `round ${round}  5 ${mode} ${phase}`.padEnd(46) +
          `${fmt(done.seconds, 2).padStart(7)} s  ` +
          `${fmt(config.writes / done.seconds, 0).padStart(7)} profiles/s  ` +
          `CPU ms/profile: api ${fmt((1000 * done.apiCpu) / config.writes, 3)}, ` +
          `database ${fmt((1000 * done.dbCpu) / config.writes, 3)}`;
        perRound.push(line);
        say(line);
      });
      results[mode].push(result);
    }
  }
  return { results, perRound };
}

/** Runs scenario 5 and returns its rows, targets and per-round lines. */
export async function runWritesBench(
  target: ApiTarget,
  baseUri: string,
  config: WritesConfig,
  say: (line: string) => void,
): Promise<WritesFigures> {
  const { results, perRound } = await measureRounds(target, baseUri, config, say);
  return { ...writesFigures(results, config), perRound };
}

/** The rows, targets, note and settings of scenario 5 from the medians of its rounds. */
function writesFigures(results: Results, config: WritesConfig): Omit<WritesFigures, 'perRound'> {
  const med = (mode: Mode, phase: Phase, pick: (r: PhaseResult) => number): number =>
    median(results[mode].map((r) => pick(r[phase])));
  const wall = (mode: Mode, phase: Phase): number => med(mode, phase, (r) => r.seconds);
  const perProfileMs = (mode: Mode, phase: Phase, pick: (r: PhaseResult) => number): string =>
    fmt((1000 * med(mode, phase, pick)) / config.writes, 3);
  const batches = Math.ceil(config.writes / BATCH_SIZE);
  const n = fmt(config.writes, 0);
  const row = (name: string, mode: Mode, phase: Phase, requests: number): WriteRow => ({
    name,
    requests,
    inFlight: mode === 'batch' ? config.batchInFlight : config.singleInFlight,
    seconds: wall(mode, phase),
    profilesPerSecond: config.writes / wall(mode, phase),
    vsSingle: wall('single', phase) / wall(mode, phase),
  });
  const writes: WriteRow[] = [
    row(
      `5 batch create: ${batches} × POST /v1/profiles/batch of ${fmt(Math.min(BATCH_SIZE, config.writes), 0)}`,
      'batch',
      'create',
      batches,
    ),
    row(`5 single create: ${n} × POST /v1/profiles`, 'single', 'create', config.writes),
    row(
      `5 batch update: ${batches} × POST /v1/profiles/batch, every item changed`,
      'batch',
      'update',
      batches,
    ),
    row(`5 single update: ${n} × PATCH /v1/profiles/:id`, 'single', 'update', config.writes),
  ];

  const target10 = (phase: Phase, single: string): TargetLine => {
    const ratio = wall('single', phase) / wall('batch', phase);
    return {
      pass: ratio >= 10,
      text:
        `batch ${phase}s ≥ 10 × faster than single ${single}: ${times(ratio)} ` +
        `(${fmt(config.writes / wall('batch', phase), 0)} vs ` +
        `${fmt(config.writes / wall('single', phase), 0)} profiles/s; ` +
        `${fmt(wall('batch', phase), 2)} s vs ${fmt(wall('single', phase), 2)} s for ${n} profiles)`,
    };
  };
  const cpuNote = (mode: Mode, phase: Phase): string =>
    `api ${perProfileMs(mode, phase, (r) => r.apiCpu)} ms, database engine ` +
    `${perProfileMs(mode, phase, (r) => r.dbCpu)} ms`;
  return {
    writes,
    targets: [target10('create', 'POSTs'), target10('update', 'PATCHes')],
    notes: [
      `- CPU per profile written (medians; /proc of the api process and of the database ` +
        `engine, FerretDB with its PostgreSQL server or mongod): ` +
        `batch create ${cpuNote('batch', 'create')}; single create ${cpuNote('single', 'create')}; ` +
        `batch update ${cpuNote('batch', 'update')}; single update ${cpuNote('single', 'update')}. ` +
        `The load generator's own CPU is not in these figures.`,
      ...(config.reducedBecause
        ? [`- Reduced writes: ${config.reducedBecause}; ${n} profiles per mode instead of 10,000.`]
        : []),
    ],
    settings: [
      [
        'writes',
        `${n} profiles created, then each changed, per mode and round, in a fresh database ` +
          `behind a fresh api (indexes synced), after ${config.writeWarmup} batch + ` +
          `${config.writeWarmup} single warm-up writes; batches ${config.batchInFlight} in ` +
          `flight, singles ${config.singleInFlight} in flight; PATCH by id; these apis run ` +
          `with REQUEST_TIMEOUT_MS=0 and HTTP_CONNECTION_TIMEOUT_MS=0 (a batch of 1,000 updates ` +
          `outlasts 30 s on FerretDB)`,
      ],
    ],
  };
}
