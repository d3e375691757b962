// `npm run bench`: throwaway services, the built api (cache on and off) and a bare Fastify
// baseline, measured side by side in one run; prints the table and rewrites the results section
// of docs/benchmarks.md. See docs/benchmarks.md for what each scenario measures.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { run } from '../lib/processes';
import { provideServices, type ProvidedServices } from '../lib/services';
import { errorMessage, REPO_ROOT } from '../lib/system';
import { request, requestJson } from './http';
import { DOC_INTRO } from './intro';
import { fire, type LoadResult, stopAllLoad } from './load';
import {
  fmt,
  type LoadRow,
  type Report,
  type TargetLine,
  terminalReport,
  times,
  writeDoc,
  type WriteRow,
} from './report';
import {
  exitedServers,
  type Server,
  startApi,
  startBaseline,
  stopServers,
  syncIndexes,
} from './servers';
import { BATCH_SIZE, cursorAt, writeBatches, writeSingles } from './workload';

const COMMAND = 'npm run bench';
const DOC_FILE = path.join(REPO_ROOT, 'docs/benchmarks.md');
/** The whole bench is stopped past this, whatever step it is in. */
const WATCHDOG_MS = 30 * 60_000;

/** Reads a positive integer knob from the environment (for quick local runs). */
function knob(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

const DEFAULTS = {
  rounds: 2,
  durationS: 8,
  warmupS: 2,
  connections: 50,
  profiles: 100_000,
  deep: 50_000,
  writes: 10_000,
};

const CONFIG = {
  rounds: knob('BENCH_ROUNDS', DEFAULTS.rounds),
  durationS: knob('BENCH_DURATION_S', DEFAULTS.durationS),
  warmupS: knob('BENCH_WARMUP_S', DEFAULTS.warmupS),
  connections: knob('BENCH_CONNECTIONS', DEFAULTS.connections),
  profiles: knob('BENCH_PROFILES', DEFAULTS.profiles),
  deep: knob('BENCH_DEEP', DEFAULTS.deep),
  writes: knob('BENCH_WRITES', DEFAULTS.writes),
  /** Ids the cached/uncached profile reads cycle through. */
  hotIds: 8,
  walkPageSize: 100,
  seedInFlight: 2,
  batchInFlight: 2,
  singleInFlight: 16,
};

const isDefaultRun = (Object.keys(DEFAULTS) as Array<keyof typeof DEFAULTS>).every(
  (key) => CONFIG[key] === DEFAULTS[key],
);

const startedAt = performance.now();
let services: ProvidedServices | undefined;
let bodyFile: string | undefined;
let stopping: Promise<void> | undefined;

function say(line: string): void {
  const at = ((performance.now() - startedAt) / 1000).toFixed(0).padStart(4);
  console.log(`[bench ${at}s] ${line}`);
}

/** Stops load, the servers (api first), then the services; safe to call more than once. */
function cleanup(): Promise<void> {
  stopping ??= (async () => {
    stopAllLoad();
    await stopServers();
    await services
      ?.stop()
      .catch((error: unknown) => say(`stopping services: ${errorMessage(error)}`));
    if (bodyFile) fs.rmSync(bodyFile, { force: true });
  })();
  return stopping;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    say(`${signal}: stopping load, servers and services`);
    void cleanup().finally(() => process.exit(130));
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

interface Scenario {
  key: 'baseline' | 'health' | 'cached' | 'uncached' | 'listFirst' | 'listDeep';
  name: string;
  server: Server;
  paths: string[];
}

/** One scenario: discarded warm-up, then the measured run. */
async function measure(scenario: Scenario): Promise<LoadResult> {
  const requests = scenario.paths.map((p) => ({ method: 'GET' as const, path: p }));
  const common = { url: scenario.server.url, requests, connections: CONFIG.connections };
  await fire({ ...common, label: `${scenario.name} (warm-up)`, durationS: CONFIG.warmupS });
  return fire({ ...common, label: scenario.name, durationS: CONFIG.durationS });
}

async function machineFacts(serviceLines: string[]): Promise<Array<[string, string]>> {
  const described = (service: string): string => {
    const line = serviceLines.find((l) => l.startsWith(`${service}: `)) ?? `${service}: unknown`;
    return line.slice(service.length + 2).replace(/ on 127\.0\.0\.1:\d+.*$/, '');
  };
  const cpus = os.cpus();
  return [
    ['CPU', `${cpus.length} cores (os.cpus().length), ${cpus[0]?.model.trim() ?? 'unknown model'}`],
    ['memory', `${fmt(os.totalmem() / 2 ** 30, 1)} GiB`],
    ['OS', `${os.type()} ${os.release()} (${os.arch()})`],
    ['Node.js', process.version],
    ['MongoDB-compatible server', described('mongo')],
    ['Redis', described('redis')],
  ];
}

async function gitCommit(): Promise<string> {
  const head = await run('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: REPO_ROOT,
    timeoutMs: 10_000,
  });
  const status = await run('git', ['status', '--porcelain'], { cwd: REPO_ROOT, timeoutMs: 10_000 });
  const sha = head.code === 0 ? head.stdout.trim() : 'unknown';
  return status.code === 0 && status.stdout.trim() ? `${sha} (with uncommitted changes)` : sha;
}

async function main(): Promise<void> {
  say(
    `config: ${CONFIG.rounds} rounds, ${CONFIG.connections} connections, ` +
      `${CONFIG.warmupS} s warm-up + ${CONFIG.durationS} s per scenario, ` +
      `${CONFIG.profiles} profiles, cursor ${CONFIG.deep} deep, ${CONFIG.writes} writes per mode`,
  );
  const serviceLines: string[] = [];
  services = await provideServices({
    purpose: 'test',
    log: (line) => {
      serviceLines.push(line);
      say(line);
    },
  });
  const target = {
    mongoUri: `${services.mongoUri}/scout_bench`,
    redisUrl: `${services.redisUrl}/0`,
    cursorSecret: randomBytes(24).toString('hex'),
  };
  say(`index sync: ${(await syncIndexes(target)).replace(/\n/g, '; ')}`);

  const [api, apiNoCache] = await Promise.all([
    startApi('api', target),
    startApi('api-nocache', target, { CACHE_ENABLED: 'false' }),
  ]);
  say(`api on ${api.url}, api with CACHE_ENABLED=false on ${apiNoCache.url}`);

  // Seed: 100,000 profiles through the batch route.
  const seedStarted = performance.now();
  let lastReport = 0;
  const seededIds = await writeBatches(
    api.url,
    'bench-seed',
    CONFIG.profiles,
    CONFIG.seedInFlight,
    (done) => {
      if (done - lastReport >= CONFIG.profiles / 10 || done === CONFIG.profiles) {
        lastReport = done;
        const s = (performance.now() - seedStarted) / 1000;
        say(`seeded ${done} profiles in ${fmt(s, 1)} s (${fmt(done / s, 0)}/s)`);
      }
    },
  );
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const hotIds = seededIds.slice(0, CONFIG.hotIds);

  // The baseline serves the exact body of a real profile response.
  const sample = await request(`${api.url}/v1/profiles/${hotIds[0] ?? ''}`);
  if (sample.status !== 200)
    throw new Error(`GET profile answered ${sample.status}: ${sample.text}`);
  bodyFile = path.join(os.tmpdir(), `scout-bench-body-${process.pid}.json`);
  fs.writeFileSync(bodyFile, sample.text);
  const baseline = await startBaseline(bodyFile);
  const baselineBody = await request(`${baseline.url}/profile`);
  if (baselineBody.text !== sample.text) {
    throw new Error('the baseline does not serve the same bytes as the api');
  }
  const bodyBytes = Buffer.byteLength(sample.text);
  say(`baseline on ${baseline.url}, serving the ${bodyBytes}-byte body of profile ${hotIds[0]}`);

  // Deep cursor: keyset walk, 100 per page.
  const walkStarted = performance.now();
  const deepCursor = await cursorAt(api.url, CONFIG.deep, CONFIG.walkPageSize);
  const walkSeconds = (performance.now() - walkStarted) / 1000;
  const walkPages = CONFIG.deep / CONFIG.walkPageSize;
  say(
    `walked ${walkPages} pages of ${CONFIG.walkPageSize} to ${CONFIG.deep} deep in ${fmt(walkSeconds, 1)} s`,
  );
  const deepCheck = await requestJson<{ data: unknown[] }>(
    `${api.url}/v1/profiles?limit=20&cursor=${encodeURIComponent(deepCursor)}`,
    200,
  );
  if (deepCheck.data.length !== 20) throw new Error('the deep page is not a full page');

  const scenarios: Scenario[] = [
    { key: 'baseline', name: '1 baseline (bare Fastify)', server: baseline, paths: ['/profile'] },
    {
      key: 'cached',
      name: '2 GET /v1/profiles/:id, cache warm',
      server: api,
      paths: hotIds.map((id) => `/v1/profiles/${id}`),
    },
    {
      key: 'uncached',
      name: '3 GET /v1/profiles/:id, cache off',
      server: apiNoCache,
      paths: hotIds.map((id) => `/v1/profiles/${id}`),
    },
    {
      key: 'listFirst',
      name: '4a GET /v1/profiles, first page',
      server: api,
      paths: ['/v1/profiles?limit=20'],
    },
    {
      key: 'listDeep',
      name: `4b GET /v1/profiles, ${fmt(CONFIG.deep, 0)} deep`,
      server: api,
      paths: [`/v1/profiles?limit=20&cursor=${encodeURIComponent(deepCursor)}`],
    },
    { key: 'health', name: '6 GET /health/live', server: api, paths: ['/health/live'] },
  ];

  const loadResults = new Map<Scenario['key'], LoadResult[]>();
  const batchSeconds: number[] = [];
  const singleSeconds: number[] = [];
  const perRound: string[] = [];
  for (let round = 1; round <= CONFIG.rounds; round++) {
    const order = round % 2 ? scenarios : [...scenarios].reverse();
    for (const scenario of order) {
      const result = await measure(scenario);
      loadResults.set(scenario.key, [...(loadResults.get(scenario.key) ?? []), result]);
      const line =
        `round ${round}  ${scenario.name.padEnd(36)} ${fmt(result.rps, 0).padStart(8)} req/s  ` +
        `p50 ${fmt(result.p50, 2).padStart(8)} ms  p99 ${fmt(result.p99, 2).padStart(8)} ms  ` +
        `non-2xx ${result.non2xx}, errors ${result.errors}`;
      perRound.push(line);
      say(line);
      await delay(500);
    }
  }

  // Writes, after all reads so the reads see exactly the seeded collection. Alternate which
  // mode goes first, so neither always gets the smaller collection.
  for (let round = 1; round <= CONFIG.rounds; round++) {
    const modes = round % 2 ? (['batch', 'single'] as const) : (['single', 'batch'] as const);
    for (const mode of modes) {
      const prefix = `bench-${mode}-r${round}`;
      if (mode === 'batch') {
        const started = performance.now();
        await writeBatches(api.url, prefix, CONFIG.writes, CONFIG.batchInFlight);
        const seconds = (performance.now() - started) / 1000;
        batchSeconds.push(seconds);
        perRound.push(
          `round ${round}  5 batch writes  ${fmt(seconds, 2)} s  ${fmt(CONFIG.writes / seconds, 0)} profiles/s`,
        );
      } else {
        const { seconds } = await writeSingles(
          api.url,
          prefix,
          CONFIG.writes,
          CONFIG.singleInFlight,
        );
        singleSeconds.push(seconds);
        perRound.push(
          `round ${round}  5 single writes ${fmt(seconds, 2)} s  ${fmt(CONFIG.writes / seconds, 0)} profiles/s`,
        );
      }
      say(perRound[perRound.length - 1] ?? '');
    }
  }

  // Medians and targets.
  const med = (key: Scenario['key'], pick: (r: LoadResult) => number): number =>
    median((loadResults.get(key) ?? []).map(pick));
  const baselineRps = med('baseline', (r) => r.rps);
  const compared = new Set<Scenario['key']>(['cached', 'uncached', 'health']);
  const loadRows: LoadRow[] = scenarios.map((scenario) => {
    const rps = med(scenario.key, (r) => r.rps);
    const results = loadResults.get(scenario.key) ?? [];
    return {
      name: scenario.name,
      rps,
      p50: med(scenario.key, (r) => r.p50),
      p99: med(scenario.key, (r) => r.p99),
      vsBaseline:
        compared.has(scenario.key) || scenario.key === 'baseline' ? rps / baselineRps : undefined,
      non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
      errors: results.reduce((sum, r) => sum + r.errors, 0),
    };
  });
  const batchWall = median(batchSeconds);
  const singleWall = median(singleSeconds);
  const writeRows: WriteRow[] = [
    {
      name: `5 batch: ${CONFIG.writes / BATCH_SIZE} × POST /v1/profiles/batch (${BATCH_SIZE} each)`,
      requests: Math.ceil(CONFIG.writes / BATCH_SIZE),
      inFlight: CONFIG.batchInFlight,
      seconds: batchWall,
      profilesPerSecond: CONFIG.writes / batchWall,
      vsSingle: singleWall / batchWall,
    },
    {
      name: `5 single: ${fmt(CONFIG.writes, 0)} × POST /v1/profiles`,
      requests: CONFIG.writes,
      inFlight: CONFIG.singleInFlight,
      seconds: singleWall,
      profilesPerSecond: CONFIG.writes / singleWall,
      vsSingle: 1,
    },
  ];

  const cachedRps = med('cached', (r) => r.rps);
  const firstP50 = med('listFirst', (r) => r.p50);
  const deepP50 = med('listDeep', (r) => r.p50);
  const targets: TargetLine[] = [
    {
      pass: cachedRps >= 0.4 * baselineRps,
      text:
        `cached GET /v1/profiles/:id throughput ≥ 0.4 × baseline: ${times(cachedRps / baselineRps)} ` +
        `(${fmt(cachedRps, 0)} vs ${fmt(baselineRps, 0)} req/s)`,
    },
    {
      pass: deepP50 <= 1.5 * firstP50,
      text:
        `deep-page p50 ≤ 1.5 × first-page p50: ${times(deepP50 / firstP50)} ` +
        `(${fmt(deepP50, 2)} ms ${fmt(CONFIG.deep, 0)} deep vs ${fmt(firstP50, 2)} ms first page)`,
    },
    {
      pass: singleWall >= 10 * batchWall,
      text:
        `batch writes ≥ 10 × faster than single POSTs: ${times(singleWall / batchWall)} ` +
        `(${fmt(CONFIG.writes / batchWall, 0)} vs ${fmt(CONFIG.writes / singleWall, 0)} profiles/s; ` +
        `${fmt(batchWall, 2)} s vs ${fmt(singleWall, 2)} s for ${fmt(CONFIG.writes, 0)})`,
    },
  ];

  const wallSeconds = (performance.now() - startedAt) / 1000;
  const report: Report = {
    generatedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command: COMMAND,
    commit: await gitCommit(),
    machine: await machineFacts(serviceLines),
    settings: [
      [
        'load',
        `autocannon, ${CONFIG.connections} connections, pipelining 1, ${CONFIG.warmupS} s warm-up (discarded) + ${CONFIG.durationS} s measured per scenario`,
      ],
      [
        'rounds',
        `${CONFIG.rounds} (even rounds run the scenarios in reverse order); figures are medians`,
      ],
      [
        'profile body',
        `${fmt(bodyBytes, 0)} bytes of JSON (the same document for the api and the baseline)`,
      ],
      [
        'collection',
        `${fmt(CONFIG.profiles, 0)} profiles seeded via the batch route in ${fmt(seedSeconds, 1)} s (${fmt(CONFIG.profiles / seedSeconds, 0)} profiles/s, ${CONFIG.seedInFlight} batches in flight); the write rounds run after all reads`,
      ],
      [
        'deep cursor',
        `${walkPages} pages of ${CONFIG.walkPageSize} walked in ${fmt(walkSeconds, 1)} s (${fmt((walkSeconds * 1000) / walkPages, 1)} ms per page, one request at a time)`,
      ],
      [
        'writes',
        `batches ${CONFIG.batchInFlight} in flight, singles ${CONFIG.singleInFlight} in flight; fresh publicIds per mode and round`,
      ],
      [
        'api',
        'NODE_ENV=production, LOG_LEVEL=warn, CACHE_WARM_COUNT=0, MONGODB_AUTO_INDEX=false (indexes from db-indexes.js)',
      ],
    ],
    load: loadRows,
    writes: writeRows,
    targets,
    perRound,
    notes: [],
    wallSeconds,
  };

  console.log('');
  console.log(terminalReport(report));
  console.log('');
  if (isDefaultRun) {
    writeDoc(DOC_FILE, DOC_INTRO, report);
    say(`wrote ${path.relative(REPO_ROOT, DOC_FILE)}`);
  } else {
    say(
      `not writing ${path.relative(REPO_ROOT, DOC_FILE)}: BENCH_* knobs differ from the defaults`,
    );
  }
  say(`done in ${fmt(wallSeconds / 60, 1)} minutes`);
}

const watchdog = setTimeout(() => {
  say(`the bench ran longer than ${WATCHDOG_MS / 60_000} minutes; stopping`);
  void cleanup().finally(() => process.exit(1));
}, WATCHDOG_MS);
watchdog.unref();

void main()
  .then(
    () => cleanup().then(() => 0),
    async (error: unknown) => {
      console.error(
        `[bench] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      for (const line of exitedServers()) console.error(`[bench] ${line}`);
      await cleanup();
      return 1;
    },
  )
  .then((code) => process.exit(code));
