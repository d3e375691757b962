// `npm run bench`: throwaway services, the built api (cache on and off) and a bare Fastify
// baseline, measured side by side in one run; then the scraping part (bare BullMQ against the
// built api + worker scraping the fake site, and the same under injected 503s). Prints the
// tables and rewrites the results section of docs/benchmarks.md. See docs/benchmarks.md for
// what each scenario measures.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { run } from '../lib/processes';
import { provideServices, type ProvidedServices } from '../lib/services';
import { errorMessage, REPO_ROOT } from '../lib/system';
import { authHeaders, request, scoutClient } from './http';
import { DOC_INTRO } from './intro';
import { runCompressionBench } from './compression';
import { runSoakBench, soakSection, writeSoakSection } from './soak';
import { runTelemetryBench } from './telemetry';
import { machineCpu } from './cpu-profile';
import { fire, type LoadResult, stopAllLoad } from './load';
import {
  fmt,
  type LoadRow,
  median,
  type Report,
  type TargetLine,
  terminalReport,
  times,
  writeDoc,
} from './report';
import {
  closeScrapeResources,
  runScrapeBench,
  type ScrapeConfig,
  type ScrapeReport,
} from './scrape';
import { describeMongo, explainQueries } from './server-info';
import { runWebhooksBench, type WebhooksReport } from './webhooks';
import {
  closeGrowthResources,
  GROWTH_SIZES,
  MIN_GROWTH_SIZE,
  type GrowthReport,
  growthSection,
  runGrowthBench,
  writeGrowthSection,
} from './growth';
import { startFakeSite } from '../../test/fixtures/fake-site';
import {
  type ApiTarget,
  exitedServers,
  prepareDatabase,
  type Server,
  startApi,
  startBaseline,
  stopServer,
  stopServers,
} from './servers';
import { cursorAt, writeBatches } from './workload';
import { runErasureBench } from './erasure';
import { runWritesBench } from './writes';

const COMMAND = 'npm run bench';
const DOC_FILE = path.join(REPO_ROOT, 'docs/benchmarks.md');
/** The whole bench is stopped past this, whatever step it is in. */
const WATCHDOG_MS = 30 * 60_000;

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
] as const;
/**
 * `http`, `writes`, `compression`, `telemetry`, `scrape`, `growth`, `soak`, `webhooks` or
 * `erasure` runs only that part (a quick run; the doc is left alone). `soak`, `webhooks` and
 * `erasure` run only when named.
 */
const PARTS_KNOB = 'BENCH_PART';
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
] as const;
/**
 * Minutes of the soak part (default 10). The soak runs only when BENCH_PART=soak asks for it: the
 * other parts already take about 25 minutes together, so it would push the default run far past 20.
 */
const SOAK_MINUTES_KNOB = 'BENCH_SOAK_MINUTES';
/** Comma-separated collection sizes for the growth part (a quick run; the doc is left alone). */
const GROWTH_SIZES_KNOB = 'BENCH_GROWTH_SIZES';

function knob(name: (typeof KNOBS)[number], fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

const CONFIG = {
  rounds: knob('BENCH_ROUNDS', 3),
  durationS: knob('BENCH_DURATION_S', 8),
  warmupS: knob('BENCH_WARMUP_S', 2),
  connections: knob('BENCH_CONNECTIONS', 50),
  writes: knob('BENCH_WRITES', 10_000),
  /** Ids the cached/uncached profile reads cycle through. */
  hotIds: 8,
  walkPageSize: 100,
  seedInFlight: 2,
  batchInFlight: 2,
  singleInFlight: 16,
  /** Writes (per mode) sent to a fresh write api before it is measured, to warm it up. */
  writeWarmup: 200,
};
const isDefaultRun = [...KNOBS, PARTS_KNOB, GROWTH_SIZES_KNOB].every((name) => !process.env[name]);
/** The growth part alone at its own sizes is a complete measurement of it: its section is rewritten. */
const writesGrowth =
  [...KNOBS, GROWTH_SIZES_KNOB].every((name) => !process.env[name]) &&
  ['', 'growth'].includes(process.env[PARTS_KNOB] ?? '');

/** BENCH_SOAK_MINUTES, or 10. */
function soakMinutes(): number {
  const raw = process.env[SOAK_MINUTES_KNOB];
  if (raw === undefined || raw === '') return 10;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 2) {
    throw new Error(`${SOAK_MINUTES_KNOB} must be an integer of at least 2`);
  }
  return value;
}

/** The growth part's sizes: BENCH_GROWTH_SIZES (e.g. `10000`) or 1,000, 10,000 and 100,000. */
function growthSizes(): number[] {
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

/** Which parts this run measures: all unless BENCH_PART names one. */
function chooseParts(): Record<(typeof PARTS)[number], boolean> {
  const part = process.env[PARTS_KNOB] ?? '';
  if (part !== '' && !(PARTS as readonly string[]).includes(part)) {
    throw new Error(`${PARTS_KNOB} must be one of ${PARTS.join(', ')}`);
  }
  return {
    http: part === '' || part === 'http',
    writes: part === '' || part === 'writes',
    compression: part === '' || part === 'compression',
    telemetry: part === '' || part === 'telemetry',
    scrape: part === '' || part === 'scrape',
    growth: part === '' || part === 'growth',
    soak: part === 'soak',
    // Opt-in like the soak: about 2 minutes more, reported in docs/webhooks.md.
    webhooks: part === 'webhooks',
    erasure: part === 'erasure',
  };
}

/** Collection size and list load: the issue's on MongoDB, reduced where the server scans. */
interface Scale {
  profiles: number;
  deep: number;
  listConnections: number;
  listDurationS: number;
  /** Why the scale differs from the issue's, if it does. */
  reducedBecause?: string;
}

/**
 * The issue's scale (100,000 profiles, a cursor 50,000 deep, 50 connections) unless the server is
 * FerretDB: it scans the whole collection for every list request and every batch lookup (no
 * pushdown on SQLite), which at 100,000 profiles costs ~25 s per request, so seeding alone would
 * take over 20 minutes and 50 concurrent list requests would only queue into timeouts.
 */
function chooseScale(ferretdb: boolean): Scale {
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
 * the server is FerretDB. There every scrape looks its profile up by publicId, which FerretDB
 * answers by scanning the profiles collection (no pushdown on SQLite), so a job's cost grows with
 * the jobs before it: 5,000 jobs would take hours, 1,000 took 6.5–10 minutes on a busy 2-core
 * machine, 500 take about 3. (c) gets a fresh database, so its cost does not depend on (b)'s.
 */
function chooseScrapeConfig(ferretdb: boolean): ScrapeConfig {
  const full = ferretdb
    ? {
        scoutJobs: 500,
        faultJobs: 500,
        reducedBecause:
          "FerretDB scans the profiles collection for every job's publicId lookup, so a job " +
          'costs more the more jobs ran before it',
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

/** The scraping part's target: every job succeeds under 20% 503s, within 1.35 requests each. */
function scrapeTargets(scrape: ScrapeReport): TargetLine[] {
  const { fault } = scrape;
  return [
    {
      pass: fault.pass,
      text:
        `with ${fault.injected} injected, every scrape job succeeds and site requests ≤ ` +
        `${fault.maxRequestsPerJob} × jobs: ${fmt(fault.succeeded, 0)} of ${fmt(fault.jobs, 0)} ` +
        `succeeded (${fault.failed} failed, ${fault.unfinished} unfinished), ` +
        `${fmt(fault.requests, 0)} requests = ${fmt(fault.requests / fault.jobs, 3)} × jobs`,
    },
  ];
}

const startedAt = performance.now();
/** Other load on the machine when the bench started (the figures assume an idle machine). */
const loadAtStart = os.loadavg();
const cpuAtStart = machineCpu();
let services: ProvidedServices | undefined;
let bodyFile: string | undefined;
let stopping: Promise<void> | undefined;
/** Set on SIGINT/SIGTERM: the failures that follow (servers going away) are expected. */
let interrupted = false;

function say(line: string): void {
  const at = ((performance.now() - startedAt) / 1000).toFixed(0).padStart(4);
  console.log(`[bench ${at}s] ${line}`);
}

/** Stops load, the servers (apis first), then the services; safe to call more than once. */
function cleanup(): Promise<void> {
  stopping ??= (async () => {
    stopAllLoad();
    await closeScrapeResources();
    await closeGrowthResources();
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
    interrupted = true;
    say(`${signal}: stopping load, servers and services`);
    void cleanup().finally(() => process.exit(130));
  });
}

type ScenarioKey = 'baseline' | 'cached' | 'uncached' | 'listFirst' | 'listDeep' | 'health';

interface Scenario {
  key: ScenarioKey;
  name: string;
  server: Server;
  paths: string[];
  connections: number;
  durationS: number;
  /** Sent as `Authorization: Bearer …` on every request (the `/v1` routes, and the baseline). */
  apiKey?: string;
}

/** One scenario: a discarded warm-up, then the measured run. */
async function measure(scenario: Scenario): Promise<LoadResult> {
  const headers = authHeaders(scenario.apiKey);
  const requests = scenario.paths.map((p) => ({ method: 'GET' as const, path: p, headers }));
  const common = { url: scenario.server.url, requests, connections: scenario.connections };
  await fire({
    ...common,
    label: `${scenario.name} (warm-up)`,
    durationS: CONFIG.warmupS,
    warmUp: true,
  });
  return fire({ ...common, label: scenario.name, durationS: scenario.durationS });
}

function machineFacts(serviceLines: string[], mongo: string): Array<[string, string]> {
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
    ['load average at start', loadAtStart.map((l) => fmt(l, 2)).join(', ')],
    ['other load during the run', otherLoad()],
    ['MongoDB-compatible server', `${described('mongo')}; buildInfo: ${mongo}`],
    ['Redis', described('redis')],
  ];
}

/** CPU that processes outside the bench's own tree took during the run, from /proc. */
function otherLoad(): string {
  const now = machineCpu();
  if (!now || !cpuAtStart) return 'unknown (no /proc)';
  const wall = (performance.now() - startedAt) / 1000;
  const other = Math.max(0, now.machine - cpuAtStart.machine - (now.bench - cpuAtStart.bench));
  const cores = os.cpus().length;
  return (
    `${fmt(other, 0)} CPU-seconds by processes outside the bench ` +
    `(${fmt((100 * other) / (wall * cores), 1)}% of ${cores} cores over ${fmt(wall / 60, 1)} min)`
  );
}

/** The database server as the services log described it, without its throwaway ports. */
function serverLine(serviceLines: string[], buildInfo: string): string {
  const line = serviceLines.find((l) => l.startsWith('mongo: ')) ?? 'mongo: unknown';
  return `${line.slice('mongo: '.length).replace(/ on 127\.0\.0\.1:\d+/g, '')}; buildInfo: ${buildInfo}`;
}

async function gitCommit(): Promise<string> {
  const options = { cwd: REPO_ROOT, timeoutMs: 10_000 };
  const head = await run('git', ['rev-parse', '--short', 'HEAD'], options);
  const status = await run('git', ['status', '--porcelain'], options);
  const sha = head.code === 0 ? head.stdout.trim() : 'unknown';
  return status.code === 0 && status.stdout.trim() ? `${sha} (with uncommitted changes)` : sha;
}

/** What the read and write scenarios contribute to the report. */
type HttpFigures = Pick<Report, 'load' | 'writes' | 'targets' | 'perRound' | 'notes' | 'settings'>;

/** Part 1: reads against the baseline and list depth (scenario 5, the writes, is its own part). */
async function httpPart(target: ApiTarget, ferretdb: boolean): Promise<HttpFigures> {
  const scale = chooseScale(ferretdb);
  say(
    `config: ${CONFIG.rounds} rounds; ${CONFIG.connections} connections, ` +
      `${CONFIG.warmupS} s warm-up + ${CONFIG.durationS} s per read scenario; ` +
      `${scale.profiles} profiles, cursor ${scale.deep} deep, list load ${scale.listConnections} ` +
      `connections × ${scale.listDurationS} s` +
      (scale.reducedBecause ? ` (reduced: ${scale.reducedBecause})` : ''),
  );
  const prepared = await prepareDatabase(target);
  say(`index sync: ${prepared.indexes.replace(/\n/g, '; ')}; admin API key created with the CLI`);

  const [api, apiNoCache] = await Promise.all([
    startApi('api', target, prepared.apiKey),
    startApi('api-nocache', target, prepared.apiKey, { CACHE_ENABLED: 'false' }),
  ]);
  say(`api on ${api.url}, api with CACHE_ENABLED=false on ${apiNoCache.url}`);

  const seedStarted = performance.now();
  let reported = 0;
  const seededIds = await writeBatches(
    api,
    'bench-seed',
    scale.profiles,
    CONFIG.seedInFlight,
    (done) => {
      if (done - reported >= scale.profiles / 10 || done === scale.profiles) {
        reported = done;
        const s = (performance.now() - seedStarted) / 1000;
        say(`seeded ${done} profiles in ${fmt(s, 1)} s (${fmt(done / s, 0)}/s)`);
      }
    },
  );
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const hotIds = seededIds.slice(0, CONFIG.hotIds);
  const plans = await explainQueries(target.mongoUri);
  say(`plan of the list query: ${plans.list}`);
  say(`plan of the batch lookup: ${plans.lookup}`);

  // The baseline serves the exact body of a real profile response: its bytes, so a raw request.
  const sample = await request(`${api.url}/v1/profiles/${hotIds[0] ?? ''}`, {
    apiKey: api.apiKey,
  });
  if (sample.status !== 200) throw new Error(`GET profile answered ${sample.status}`);
  bodyFile = path.join(os.tmpdir(), `scout-bench-body-${process.pid}.json`);
  fs.writeFileSync(bodyFile, sample.text);
  const baseline = await startBaseline(bodyFile);
  if ((await request(`${baseline.url}/profile`)).text !== sample.text) {
    throw new Error('the baseline does not serve the same bytes as the api');
  }
  const bodyBytes = Buffer.byteLength(sample.text);
  say(`baseline on ${baseline.url}, serving the ${bodyBytes}-byte body of profile ${hotIds[0]}`);

  const walkStarted = performance.now();
  const deepCursor = await cursorAt(api, scale.deep, CONFIG.walkPageSize);
  const walkSeconds = (performance.now() - walkStarted) / 1000;
  const walkPages = scale.deep / CONFIG.walkPageSize;
  const msPerPage = (walkSeconds * 1000) / walkPages;
  say(`walked ${walkPages} pages of ${CONFIG.walkPageSize} in ${fmt(walkSeconds, 1)} s`);
  const deepPath = `/v1/profiles?limit=20&cursor=${encodeURIComponent(deepCursor)}`;
  const { data: deepPage } = await scoutClient(api).GET('/v1/profiles', {
    params: { query: { limit: 20, cursor: deepCursor } },
  });
  if (deepPage?.data.length !== 20) throw new Error('the deep page is not a full page');

  // Every /v1 request carries the key; so does the baseline's (it ignores it), so both parse the
  // same request bytes. Probes carry none, as an orchestrator's do.
  const key = prepared.apiKey;
  const read = { connections: CONFIG.connections, durationS: CONFIG.durationS, apiKey: key };
  const list = { connections: scale.listConnections, durationS: scale.listDurationS, apiKey: key };
  const profilePaths = hotIds.map((id) => `/v1/profiles/${id}`);
  const scenarios: Scenario[] = [
    {
      key: 'baseline',
      name: '1 baseline: bare Fastify',
      server: baseline,
      paths: ['/profile'],
      ...read,
    },
    {
      key: 'cached',
      name: '2 GET /v1/profiles/:id, cache warm',
      server: api,
      paths: profilePaths,
      ...read,
    },
    {
      key: 'uncached',
      name: '3 GET /v1/profiles/:id, cache off',
      server: apiNoCache,
      paths: profilePaths,
      ...read,
    },
    {
      key: 'listFirst',
      name: '4a GET /v1/profiles, first page',
      server: api,
      paths: ['/v1/profiles?limit=20'],
      ...list,
    },
    {
      key: 'listDeep',
      name: `4b GET /v1/profiles, ${fmt(scale.deep, 0)} deep`,
      server: api,
      paths: [deepPath],
      ...list,
    },
    {
      key: 'health',
      name: '6 GET /health/live',
      server: api,
      paths: ['/health/live'],
      ...read,
      apiKey: undefined,
    },
  ];

  const loadResults = new Map<ScenarioKey, LoadResult[]>();
  const perRound: string[] = [];
  for (let round = 1; round <= CONFIG.rounds; round++) {
    for (const scenario of round % 2 ? scenarios : [...scenarios].reverse()) {
      const result = await measure(scenario);
      loadResults.set(scenario.key, [...(loadResults.get(scenario.key) ?? []), result]);
      const line =
        `round ${round}  ${scenario.name.padEnd(36)} ` +
        `${fmt(result.rps, result.rps < 100 ? 1 : 0).padStart(7)} req/s  ` +
        `p50 ${fmt(result.p50, 2).padStart(8)} ms  p99 ${fmt(result.p99, 2).padStart(8)} ms  ` +
        `(${result.total} responses, non-2xx ${result.non2xx}, errors ${result.errors})`;
      perRound.push(line);
      say(line);
      await delay(500);
    }
  }
  // The read servers are done: stop them so they take no CPU from the parts that follow.
  await Promise.all([api, apiNoCache, baseline].map(stopServer));

  const med = (key: ScenarioKey, pick: (r: LoadResult) => number): number =>
    median((loadResults.get(key) ?? []).map(pick));
  const baselineRps = med('baseline', (r) => r.rps);
  const compared = new Set<ScenarioKey>(['baseline', 'cached', 'uncached', 'health']);
  const loadRows: LoadRow[] = scenarios.map((scenario) => {
    const results = loadResults.get(scenario.key) ?? [];
    const rps = med(scenario.key, (r) => r.rps);
    return {
      name: scenario.name,
      rps,
      p50: med(scenario.key, (r) => r.p50),
      p99: med(scenario.key, (r) => r.p99),
      vsBaseline: compared.has(scenario.key) ? rps / baselineRps : undefined,
      non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
      errors: results.reduce((sum, r) => sum + r.errors, 0),
    };
  });
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
        `(${fmt(deepP50, 2)} ms at ${fmt(scale.deep, 0)} deep vs ${fmt(firstP50, 2)} ms, ` +
        `${fmt(scale.profiles, 0)} profiles` +
        (scale.reducedBecause ? '; both pages are full scans on FerretDB, see the notes)' : ')'),
    },
  ];

  const notes = [
    `- Plan of the first-page list query on the seeded collection: ${plans.list}.`,
    `- Plan of the batch route's \`publicId $in\` lookup: ${plans.lookup}.`,
    `- One list request took ${fmt(msPerPage, 0)} ms on average during the cursor walk ` +
      `(limit 100, one at a time, ${fmt(scale.profiles, 0)} profiles).`,
  ];
  if (scale.reducedBecause) {
    notes.push(
      `- Reduced scale: ${scale.reducedBecause} (no filter, sort or limit pushdown on SQLite), so ` +
        `a list request costs time in proportion to the collection: about ` +
        `${fmt((msPerPage * 100_000) / scale.profiles / 1000, 0)} s at 100,000 profiles. The ` +
        `issue's 100,000-profile collection would take over 20 minutes to seed (every batch's ` +
        `lookup scans too) and 50 concurrent list requests would only queue into timeouts, so ` +
        `this run used ${fmt(scale.profiles, 0)} profiles, a cursor ${fmt(scale.deep, 0)} deep ` +
        `and ${scale.listConnections} connections × ${scale.listDurationS} s for the lists. ` +
        `The list figures measure FerretDB's scan, not Scout's keyset pagination; run the bench ` +
        `with MONGODB_URI pointing at a MongoDB server for the issue's scale.`,
    );
  }

  return {
    settings: [
      [
        'reads',
        `autocannon, ${CONFIG.connections} connections, pipelining 1, ${CONFIG.warmupS} s ` +
          `warm-up (discarded) + ${CONFIG.durationS} s measured per scenario; lists ` +
          `${scale.listConnections} connections × ${scale.listDurationS} s`,
      ],
      [
        'rounds',
        `${CONFIG.rounds}, even rounds in reverse order; every figure is the median over the rounds`,
      ],
      ['profile body', `${fmt(bodyBytes, 0)} bytes of JSON, the same for the api and the baseline`],
      [
        'collection',
        `${fmt(scale.profiles, 0)} profiles, seeded through the batch route in ` +
          `${fmt(seedSeconds, 1)} s (${CONFIG.seedInFlight} batches in flight)`,
      ],
      [
        'deep cursor',
        `${walkPages} pages of ${CONFIG.walkPageSize} walked in ${fmt(walkSeconds, 1)} s`,
      ],
      [
        'api',
        'built dist/, NODE_ENV=production, LOG_LEVEL=warn, CACHE_WARM_COUNT=0, ' +
          'MONGODB_AUTO_INDEX=false (indexes from db-indexes.js), metrics on (loopback)',
      ],
      [
        'API keys',
        'one admin key per database, created with `node dist/apps/api/src/cli.js api-keys ' +
          'create --name bench --scopes admin --json`; every `/v1` request (and the ' +
          "baseline's) sends `Authorization: Bearer <key>`, probes send none",
      ],
    ],
    load: loadRows,
    writes: [],
    targets,
    perRound,
    notes,
  };
}

async function main(): Promise<void> {
  // Read before anything runs: the build being measured is the tree as it is now.
  const commit = gitCommit();
  const parts = chooseParts();
  const serviceLines: string[] = [];
  services = await provideServices({
    purpose: 'test',
    log: (line) => {
      serviceLines.push(line);
      say(line);
    },
  });
  const secrets = {
    cursorSecret: randomBytes(24).toString('hex'),
    apiKeySecret: randomBytes(24).toString('hex'),
    suppressionSecret: randomBytes(24).toString('hex'),
  };
  const target: ApiTarget = {
    mongoUri: `${services.mongoUri}/scout_bench`,
    redisUrl: `${services.redisUrl}/0`,
    ...secrets,
  };
  const mongo = await describeMongo(target.mongoUri);

  const http: HttpFigures = parts.http
    ? await httpPart(target, mongo.ferretdb)
    : { settings: [], load: [], writes: [], targets: [], perRound: [], notes: [] };
  if (parts.writes) {
    const writes = await runWritesBench(target, services.mongoUri, CONFIG, say);
    http.writes.push(...writes.writes);
    http.targets.push(...writes.targets);
    http.perRound.push(...writes.perRound);
    http.notes.push(...writes.notes);
    http.settings.push(...writes.settings);
  }
  if (parts.compression) {
    const compression = await runCompressionBench(target, services.mongoUri, CONFIG, say);
    http.load.push(...compression.load);
    http.perRound.push(...compression.perRound);
    http.notes.push(...compression.notes);
    http.settings.push(...compression.settings);
  }
  if (parts.telemetry) {
    const telemetry = await runTelemetryBench(target, services.mongoUri, CONFIG, say);
    http.load.push(...telemetry.load);
    http.perRound.push(...telemetry.perRound);
    http.notes.push(...telemetry.notes);
    http.settings.push(...telemetry.settings);
  }

  if (parts.erasure) await runErasureBench(target, services.mongoUri, say);

  let scrape: ScrapeReport | undefined;
  if (parts.scrape) {
    const scrapeConfig = chooseScrapeConfig(mongo.ferretdb);
    say(
      `scraping: ${scrapeConfig.rawJobs} bare BullMQ jobs × ${scrapeConfig.rawRounds} rounds, ` +
        `${scrapeConfig.scoutJobs} Scout scrapes, ${scrapeConfig.faultJobs} scrapes with 20% 503s` +
        (scrapeConfig.reducedBecause ? ` (reduced: ${scrapeConfig.reducedBecause})` : ''),
    );
    scrape = await runScrapeBench({
      mongoUri: services.mongoUri,
      redisUrl: services.redisUrl,
      secrets,
      config: scrapeConfig,
      say,
    });
  }

  let growth: GrowthReport | undefined;
  if (parts.growth) {
    const sizes = growthSizes();
    say(`growth: ${sizes.map((size) => fmt(size, 0)).join(', ')} profiles`);
    const site = await startFakeSite({ host: '127.0.0.1' });
    try {
      growth = await runGrowthBench({
        mongoUri: services.mongoUri,
        redisUrl: services.redisUrl,
        secrets,
        sizes,
        site,
        say,
      });
    } finally {
      await site.close();
    }
  }

  if (parts.soak) {
    const minutes = soakMinutes();
    extendWatchdog(minutes);
    const soak = await runSoakBench({
      mongoUri: services.mongoUri,
      redisUrl: services.redisUrl,
      secrets,
      minutes,
      say,
    });
    const section = soakSection(soak, {
      command: `${process.env[SOAK_MINUTES_KNOB] ? `${SOAK_MINUTES_KNOB}=${minutes} ` : ''}BENCH_PART=soak ${COMMAND}`,
      commit: await commit,
      server: serverLine(serviceLines, mongo.description),
      cpus: os.cpus().length,
      loadAtStart,
      otherLoad: otherLoad(),
    });
    console.log(`\n${section}\n`);
    if (!process.env[SOAK_MINUTES_KNOB]) {
      await writeSoakSection(DOC_FILE, section);
      say(`wrote the soak section of ${path.relative(REPO_ROOT, DOC_FILE)}`);
    }
  }

  let webhooks: WebhooksReport | undefined;
  if (parts.webhooks) {
    webhooks = await runWebhooksBench({
      mongoUri: services.mongoUri,
      redisUrl: services.redisUrl,
      secrets,
      say,
    });
  }

  const wallSeconds = (performance.now() - startedAt) / 1000;
  const report: Report = {
    generatedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command: COMMAND,
    commit: await commit,
    machine: machineFacts(serviceLines, mongo.description),
    ...http,
    targets: [...http.targets, ...(scrape ? scrapeTargets(scrape) : [])],
    perRound: [
      ...http.perRound,
      ...(scrape?.raw.seconds ?? []).map(
        (seconds, i) =>
          `round ${i + 1}  (a) bare BullMQ, ${scrape?.raw.jobs ?? 0} no-op jobs`.padEnd(46) +
          `${fmt(seconds, 2).padStart(7)} s  ${fmt((scrape?.raw.jobs ?? 0) / seconds, 0).padStart(7)} jobs/s`,
      ),
    ],
    notes: [...http.notes, ...(scrape?.notes ?? []), ...(webhooks?.notes ?? [])],
    scrape,
    wallSeconds,
  };

  if (parts.http || parts.compression || parts.telemetry || parts.scrape || parts.webhooks) {
    console.log(`\n${terminalReport(report)}\n\n${report.notes.join('\n')}\n`);
  }
  if (growth) {
    const section = growthSection(growth, {
      command: isDefaultRun ? COMMAND : `BENCH_PART=growth ${COMMAND}`,
      commit: report.commit,
      server: serverLine(serviceLines, mongo.description),
      cpus: os.cpus().length,
      loadAtStart,
      seconds: wallSeconds,
    });
    console.log(`\n${section}\n`);
    if (writesGrowth) {
      await writeGrowthSection(DOC_FILE, section);
      say(`wrote the growth section of ${path.relative(REPO_ROOT, DOC_FILE)}`);
    }
  }
  if (isDefaultRun) {
    await writeDoc(DOC_FILE, DOC_INTRO, report);
    say(`wrote ${path.relative(REPO_ROOT, DOC_FILE)}`);
  } else {
    say(
      `left the results section of ${path.relative(REPO_ROOT, DOC_FILE)} alone: BENCH_* knobs are set`,
    );
  }
  say(`done in ${fmt(wallSeconds / 60, 1)} minutes`);
}

let watchdog = setTimeout(stopLateBench, WATCHDOG_MS);
watchdog.unref();

function stopLateBench(): void {
  say(`the bench ran longer than planned; stopping`);
  void cleanup().finally(() => process.exit(1));
}

/** Gives the soak its own minutes on top of the watchdog's usual limit. */
function extendWatchdog(minutes: number): void {
  clearTimeout(watchdog);
  watchdog = setTimeout(stopLateBench, WATCHDOG_MS + minutes * 60_000);
  watchdog.unref();
}

void main()
  .then(
    () => cleanup().then(() => 0),
    async (error: unknown) => {
      if (interrupted) return cleanup().then(() => 130);
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.error(`[bench] FAILED: ${message}`);
      for (const line of exitedServers()) console.error(`[bench] ${line}`);
      await cleanup();
      return 1;
    },
  )
  .then((code) => process.exit(code));
