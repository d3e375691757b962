// The harness every chaos scenario runs in: a database and queue prefix of its own, the
// scenario's apis and workers (behind the round-robin proxy if it asks), hot profiles seeded, the
// mixed load started; then steady load, the fault, the wait for recovery, steady load again; and
// last the ledger checked against the database and everything stopped.
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

import type { FakeSite } from '../../test/fixtures/fake-site';
import {
  type ApiTarget,
  prepareDatabase,
  type Server,
  startApi,
  startWorker,
  stopServer,
} from '../bench/servers';
import { checkLedger, dropDatabase } from './ledger';
import { MixedLoad } from './load';
import { emptyRow, ledgerFailures, measuredRow, type Row } from './report';
import { startRoundRobinProxy } from './round-robin-proxy';
import type { ChaosContext, FaultWindow, Scenario } from './scenarios';
import type { ChaosServices } from './services';

/** The api's own request deadline (its production default); answers must come within it + 1 s. */
const REQUEST_TIMEOUT_MS = 30_000;
const DEADLINE_SLACK_MS = 1_000;
/** Load before the fault, and after recovery, so both sides of it are measured. */
const STEADY_MS = 5_000;
/** Scout must answer a write and an uncached read again within this long after a fault ends. */
const RECOVERY_LIMIT_MS = 60_000;
/** Accepted scrape jobs must all be finished this long after the load stops. */
const JOBS_LIMIT_MS = 180_000;

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

/** Sends one request for the recovery probe; true when it answered `status`. */
function answers(url: string, init: RequestInit, status: number): Promise<boolean> {
  const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS + DEADLINE_SLACK_MS);
  return fetch(url, { ...init, signal }).then(
    (r) => r.status === status,
    () => false,
  );
}

/** Polls a write and an uncached read until both succeed; returns how long that took. */
async function untilRecovered(url: string, apiKey: string, prefix: string): Promise<number> {
  const started = performance.now();
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  for (let i = 0; ; i++) {
    const ok = await Promise.all([
      answers(
        `${url}/v1/profiles`,
        {
          method: 'POST',
          headers,
          body: JSON.stringify({ publicId: `${prefix}-probe-${i}`, fullName: 'Probe Person' }),
        },
        201,
      ),
      answers(`${url}/v1/profiles?limit=1`, { headers }, 200),
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

/** A fresh target: its own database and random secrets, on the run's servers. */
function freshTarget(services: ChaosServices, tag: string): ApiTarget {
  return {
    mongoUri: `${services.mongoUri}/scout_chaos_${tag}`,
    redisUrl: `${services.redisUrl}/0`,
    cursorSecret: randomBytes(24).toString('hex'),
    apiKeySecret: randomBytes(24).toString('hex'),
    suppressionSecret: randomBytes(24).toString('hex'),
  };
}

/** The scenario's processes and load, started; `stop` takes everything down again. */
interface Started {
  context: ChaosContext;
  /** Where the load goes: the proxy, or the first api. */
  url: string;
  stop(): Promise<void>;
}

/** Starts the scenario's apis, workers and proxy on a fresh target, seeds, starts the load. */
async function start(
  scenario: Scenario,
  services: ChaosServices,
  site: FakeSite,
  say: (line: string) => void,
): Promise<Started> {
  const tag = randomBytes(3).toString('hex');
  const prefix = `chaos-${tag}`;
  const target = freshTarget(services, tag);
  const settings = chaosSettings(site, `chaos-${tag}:bull`);
  const { apiKey } = await prepareDatabase(target);
  let count = 0;
  const newApi = (): Promise<Server> => startApi(`api-${++count}`, target, apiKey, settings);
  const newWorker = (): Promise<Server> => startWorker(`worker-${++count}`, target, settings);
  const apis = await Promise.all(Array.from({ length: scenario.apis }, newApi));
  const workers = await Promise.all(Array.from({ length: scenario.workers }, newWorker));
  const proxy = scenario.behindProxy ? await startRoundRobinProxy() : undefined;
  for (const api of proxy ? apis : []) proxy?.add(api.url);
  while (proxy && proxy.ready().length < apis.length) await delay(100);
  const url = proxy?.url ?? apis[0]?.url ?? '';
  const stop = async (): Promise<void> => {
    await proxy?.close();
    await Promise.allSettled([...apis, ...workers].map(stopServer));
    await dropDatabase(target.mongoUri);
  };
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
      say,
      startApi: newApi,
      startWorker: newWorker,
    };
    return { context, url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Steady load, the fault, recovery, steady load again; the load is stopped in any case. */
async function underFault(
  scenario: Scenario,
  started: Started,
): Promise<{ window: FaultWindow; recoverMs: number }> {
  const { context } = started;
  try {
    await delay(STEADY_MS);
    context.say(`${scenario.name}: fault`);
    const window = await scenario.fault(context);
    context.say(`${scenario.name}: fault cleared; waiting for recovery`);
    const alive = context.apis.find((api) => !api.child.exitInfo);
    const url = context.proxy?.url ?? alive?.url ?? started.url;
    const recoverMs = await untilRecovered(url, context.apiKey, context.prefix);
    await delay(STEADY_MS);
    return { window, recoverMs };
  } finally {
    await context.load.stop();
  }
}

/** Whether the scenario's fault stopped this process itself. */
function killedOnPurpose(scenario: Scenario, server: Server, context: ChaosContext): boolean {
  if (scenario.stopsFirst === 'api') return server === context.apis[0];
  if (scenario.stopsFirst === 'worker') return server === context.workers[0];
  return false;
}

/** Runs one scenario in the harness and returns its row. */
export async function runScenario(
  scenario: Scenario,
  services: ChaosServices,
  site: FakeSite,
  say: (line: string) => void,
): Promise<Row> {
  const skipped = scenario.skip?.({ services });
  if (skipped) return emptyRow(scenario.name, { skipped });
  const started = await start(scenario, services, site, say);
  const { context } = started;
  const { load } = context;
  try {
    const { window, recoverMs } = await underFault(scenario, started);
    say(`${scenario.name}: load stopped (${load.answers.length} requests); checking the database`);
    const ledger = await checkLedger(
      context.target.mongoUri,
      load.writes,
      load.scrapes,
      JOBS_LIMIT_MS,
    );
    const failures = ledgerFailures(load, ledger, REQUEST_TIMEOUT_MS + DEADLINE_SLACK_MS);
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
    return measuredRow(scenario.name, load, ledger, recoverMs, failures);
  } finally {
    await started.stop();
  }
}
