// `npm run test:chaos`: starts its own redis-server, FerretDB (data on a small tmpfs), the fake
// profile site and the built api and worker, then runs each fault of scenarios.ts under mixed
// load and checks what clients were told against the database. Prints one row per scenario and
// exits 1 when any assertion failed. See docs/reliability.md for what each fault does to a client.
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

import { startFakeSite, type FakeSite } from '../../test/fixtures/fake-site';
import {
  type ApiTarget,
  prepareDatabase,
  type Server,
  startApi,
  startWorker,
  stopServer,
  stopServers,
} from '../bench/servers';
import { errorMessage } from '../lib/system';
import { checkLedger, dropDatabase, type LedgerCheck } from './ledger';
import { MixedLoad } from './load';
import { startRoundRobinProxy, type RoundRobinProxy } from './round-robin-proxy';
import {
  type ChaosContext,
  describe,
  type FaultWindow,
  type Scenario,
  SCENARIOS,
} from './scenarios';
import { type ChaosServices, startChaosServices } from './services';

/** The api's own request deadline (its production default); answers must come within it + 1 s. */
const REQUEST_TIMEOUT_MS = 30_000;
const DEADLINE_SLACK_MS = 1_000;
/** Load before the fault, and after recovery, so both sides of it are measured. */
const STEADY_MS = 5_000;
/** Scout must answer a write and an uncached read again within this long after a fault ends. */
const RECOVERY_LIMIT_MS = 60_000;
/** Accepted scrape jobs must all be finished this long after the load stops. */
const JOBS_LIMIT_MS = 180_000;
const WATCHDOG_MS = 20 * 60_000;

/**
 * Settings for the chaos run: production defaults, except where waiting out a production
 * interval would only make the run longer (job lock and stall detection, sweeper period,
 * breaker half-open delay), and a per-host scrape rate high enough for the load.
 */
function chaosSettings(site: FakeSite, queuePrefix: string): Record<string, string> {
  return {
    REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    MONGODB_READ_TIMEOUT_MS: '5000',
    MONGODB_WRITE_TIMEOUT_MS: '10000',
    SCRAPER_BASE_URL: site.url,
    SCRAPER_RATE_PER_MINUTE: '100000',
    SCRAPER_BREAKER_HALF_OPEN_AFTER_MS: '5000',
    SCRAPE_SWEEP_EVERY_MS: '5000',
    QUEUE_LOCK_DURATION_MS: '10000',
    QUEUE_STALLED_INTERVAL_MS: '5000',
    SHUTDOWN_DRAIN_DELAY_MS: '1000',
    QUEUE_PREFIX: queuePrefix,
    LOG_LEVEL: 'error',
  };
}

/** One printed row and whether the scenario held. */
interface Row {
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

const startedAt = performance.now();
function say(line: string): void {
  const at = ((performance.now() - startedAt) / 1000).toFixed(0).padStart(4);
  console.log(`[chaos ${at}s] ${line}`);
}

/** Polls a write and an uncached read until both succeed; returns how long that took. */
async function untilRecovered(url: string, apiKey: string, prefix: string): Promise<number> {
  const started = performance.now();
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  for (let i = 0; ; i++) {
    const ok = await Promise.all([
      fetch(`${url}/v1/profiles`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ publicId: `${prefix}-probe-${i}`, fullName: 'Probe Person' }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS + DEADLINE_SLACK_MS),
      }).then(
        (r) => r.status === 201,
        () => false,
      ),
      fetch(`${url}/v1/profiles?limit=1`, {
        headers,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS + DEADLINE_SLACK_MS),
      }).then(
        (r) => r.status === 200,
        () => false,
      ),
    ]);
    const elapsed = performance.now() - started;
    if (ok.every(Boolean)) return elapsed;
    if (elapsed > RECOVERY_LIMIT_MS) return Number.POSITIVE_INFINITY;
    await delay(250);
  }
}

/** Creates the hot profiles the cached reads cycle through, and reads each once. */
async function seedHot(url: string, apiKey: string, prefix: string): Promise<string[]> {
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  const ids = Array.from({ length: 5 }, (_, i) => `${prefix}-hot-${i}`);
  for (const publicId of ids) {
    const created = await fetch(`${url}/v1/profiles`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ publicId, fullName: 'Hot Profile', headline: 'Read often' }),
    });
    if (created.status !== 201) throw new Error(`seeding ${publicId}: ${created.status}`);
    const read = await fetch(`${url}/v1/profiles/${publicId}`, { headers });
    if (read.status !== 200) throw new Error(`reading ${publicId}: ${read.status}`);
  }
  return ids;
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

async function runScenario(
  scenario: Scenario,
  services: ChaosServices,
  site: FakeSite,
): Promise<Row> {
  const empty: Row = {
    name: scenario.name,
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
  };
  const skipped = scenario.skip?.({ services });
  if (skipped) return { ...empty, skipped };

  const tag = randomBytes(3).toString('hex');
  const prefix = `chaos-${tag}`;
  const target: ApiTarget = {
    mongoUri: `${services.mongoUri}/scout_chaos_${tag}`,
    redisUrl: `${services.redisUrl}/0`,
    cursorSecret: randomBytes(24).toString('hex'),
    apiKeySecret: randomBytes(24).toString('hex'),
    suppressionSecret: randomBytes(24).toString('hex'),
  };
  const settings = chaosSettings(site, `chaos-${tag}:bull`);
  const { apiKey } = await prepareDatabase(target);
  let count = 0;
  const newApi = (): Promise<Server> => startApi(`api-${++count}`, target, apiKey, settings);
  const newWorker = (): Promise<Server> => startWorker(`worker-${++count}`, target, settings);
  const apis = await Promise.all(Array.from({ length: scenario.apis }, newApi));
  const workers = await Promise.all(Array.from({ length: scenario.workers }, newWorker));
  let proxy: RoundRobinProxy | undefined;
  if (scenario.behindProxy) {
    proxy = await startRoundRobinProxy();
    for (const api of apis) proxy.add(api.url);
    while (proxy.ready().length < apis.length) await delay(100);
  }
  const url = proxy?.url ?? apis[0]?.url ?? '';
  try {
    const hotIds = await seedHot(url, apiKey, prefix);
    const load = new MixedLoad({
      url,
      apiKey,
      hotIds,
      clients: 4,
      pauseMs: 50,
      giveUpMs: REQUEST_TIMEOUT_MS + 5_000,
      prefix,
    });
    const context: ChaosContext = {
      services,
      site,
      load,
      apis,
      workers,
      proxy,
      target,
      apiKey,
      prefix,
      startApi: newApi,
      startWorker: newWorker,
      say,
    };
    let window: FaultWindow;
    let recoverMs: number;
    try {
      await delay(STEADY_MS);
      say(`${scenario.name}: fault`);
      window = await scenario.fault(context);
      say(`${scenario.name}: fault cleared; waiting for recovery`);
      const alive = context.apis.find((api) => !api.child.exitInfo);
      recoverMs = await untilRecovered(proxy?.url ?? alive?.url ?? url, apiKey, prefix);
      await delay(STEADY_MS);
    } finally {
      await load.stop();
    }
    say(`${scenario.name}: load stopped (${load.answers.length} requests); checking the database`);
    const ledger: LedgerCheck = await checkLedger(
      target.mongoUri,
      load.writes,
      load.scrapes,
      JOBS_LIMIT_MS,
    );
    const maxMs = Math.max(0, ...load.answers.map((a) => a.ms));
    const failures: string[] = [];
    const late = load.answers.filter((a) => a.ms > REQUEST_TIMEOUT_MS + DEADLINE_SLACK_MS);
    if (late.length > 0) {
      failures.push(`${late.length} requests answered later than the deadline + 1 s`);
    }
    const unanswered = load.answers.filter((a) => a.status === 0);
    if (unanswered.length > 0)
      failures.push(`${unanswered.length} requests got no answer (${describe(unanswered)})`);
    if (ledger.lostWrites.length > 0) {
      failures.push(`writes answered 2xx but absent: ${ledger.lostWrites.slice(0, 5).join(', ')}`);
    }
    if (ledger.appliedAfterFailure.length > 0) {
      failures.push(
        `writes answered failed but present: ${ledger.appliedAfterFailure.slice(0, 5).join(', ')}`,
      );
    }
    if (ledger.lostJobs.length > 0) {
      failures.push(`accepted jobs not succeeded: ${ledger.lostJobs.slice(0, 5).join(', ')}`);
    }
    if (ledger.jobsRunTwice.length > 0) {
      failures.push(`jobs run twice: ${ledger.jobsRunTwice.slice(0, 5).join(', ')}`);
    }
    if (ledger.refusedButRecorded.length > 0) {
      failures.push(
        `scrape requests answered failed but recorded: ${ledger.refusedButRecorded.slice(0, 5).join(', ')}`,
      );
    }
    if (!Number.isFinite(recoverMs)) {
      failures.push(`not recovered within ${RECOVERY_LIMIT_MS / 1000} s after the fault ended`);
    }
    const exited = [...context.apis, ...context.workers].filter(
      (server) => server.child.exitInfo && !killedOnPurpose(scenario, server, context),
    );
    if (exited.length > 0) {
      failures.push(`Scout processes exited on their own: ${exited.map((s) => s.name).join(', ')}`);
    }
    failures.push(...((await scenario.checks?.(context, window)) ?? []));
    return {
      name: scenario.name,
      requests: load.answers.length,
      statuses: statusCounts(load),
      maxMs,
      lostWrites: ledger.lostWrites.length,
      appliedAfterFailure: ledger.appliedAfterFailure.length,
      lostJobs: ledger.lostJobs.length,
      jobsRunTwice: ledger.jobsRunTwice.length,
      recoverS: recoverMs / 1000,
      jobsS: ledger.jobsSettledMs / 1000,
      failures,
    };
  } finally {
    await proxy?.close();
    await Promise.allSettled([...apis, ...workers].map(stopServer));
    await dropDatabase(target.mongoUri);
  }
}

/** Whether the scenario's fault stopped this process itself. */
function killedOnPurpose(scenario: Scenario, server: Server, context: ChaosContext): boolean {
  if (scenario.stopsFirst === 'api') return server === context.apis[0];
  if (scenario.stopsFirst === 'worker') return server === context.workers[0];
  return false;
}

function table(rows: Row[]): string {
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

/** `CHAOS_SCENARIOS=1a,5` runs only the scenarios whose names start with those labels. */
function chosen(): Scenario[] {
  const raw = process.env.CHAOS_SCENARIOS?.trim();
  if (!raw) return SCENARIOS;
  const labels = raw.split(',').map((label) => label.trim());
  return SCENARIOS.filter((s) => labels.some((label) => s.name.startsWith(`${label} `)));
}

let services: ChaosServices | undefined;
let site: FakeSite | undefined;
async function cleanup(): Promise<void> {
  await stopServers();
  await site?.close();
  await services?.stop();
}

async function main(): Promise<number> {
  services = await startChaosServices(say);
  site = await startFakeSite({ host: '127.0.0.1' });
  const rows: Row[] = [];
  for (const scenario of chosen()) {
    say(`${scenario.name}: starting`);
    let row: Row;
    try {
      row = await runScenario(scenario, services, site);
    } catch (error) {
      row = {
        name: scenario.name,
        requests: 0,
        statuses: '',
        maxMs: 0,
        lostWrites: 0,
        appliedAfterFailure: 0,
        lostJobs: 0,
        jobsRunTwice: 0,
        recoverS: 0,
        jobsS: 0,
        failures: [`the scenario could not run: ${errorMessage(error)}`],
      };
    }
    site.clearFaults();
    if (!services.redis.running) await services.redis.start();
    if (!services.mongo.running) await services.mongo.start();
    rows.push(row);
    say(
      `${row.name}: ${row.skipped ? `skipped (${row.skipped})` : row.failures.length ? 'FAIL' : 'pass'}`,
    );
    for (const failure of row.failures) say(`  - ${failure}`);
  }
  console.log(`\n${table(rows)}\n`);
  const failed = rows.filter((row) => row.failures.length > 0);
  say(
    `${rows.length - failed.length} of ${rows.length} scenarios held` +
      ` in ${((performance.now() - startedAt) / 60_000).toFixed(1)} minutes`,
  );
  return failed.length > 0 ? 1 : 0;
}

const watchdog = setTimeout(() => {
  say(`the chaos run took longer than ${WATCHDOG_MS / 60_000} minutes; stopping`);
  void cleanup().finally(() => process.exit(1));
}, WATCHDOG_MS);
watchdog.unref();

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    say(`${signal}: stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}

void main()
  .catch((error: unknown) => {
    console.error(
      `[chaos] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return 1;
  })
  .then(async (code) => {
    await cleanup();
    process.exit(code);
  });
