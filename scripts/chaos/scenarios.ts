// The faults `npm run test:chaos` injects, each while the mixed load runs. A fault returns once
// it is cleared (the server thawed or back, the site up again); the harness then measures how
// long Scout takes to answer normally and checks the ledger. `checks` adds what is particular to
// the fault.
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import type { FakeSite } from '../../test/fixtures/fake-site';
import type { ApiTarget, Server } from '../bench/servers';
import type { Answer, MixedLoad } from './load';
import type { RoundRobinProxy } from './round-robin-proxy';
import type { ChaosServices } from './services';

/** Everything a fault may touch. */
export interface ChaosContext {
  services: ChaosServices;
  site: FakeSite;
  load: MixedLoad;
  apis: Server[];
  workers: Server[];
  proxy?: RoundRobinProxy;
  target: ApiTarget;
  apiKey: string;
  /** publicId prefix of this scenario (for site faults on its own targets). */
  prefix: string;
  /** Starts another worker / api with the scenario's settings (replacing a killed one). */
  startWorker(): Promise<Server>;
  startApi(): Promise<Server>;
  say(line: string): void;
}

/** When the fault was in force, in the load's clock (ms since the load started). */
export interface FaultWindow {
  from: number;
  to: number;
}

/** One chaos scenario. */
export interface Scenario {
  name: string;
  apis: number;
  workers: number;
  /** The load goes through the round-robin proxy in front of the apis. */
  behindProxy?: boolean;
  /** The fault stops the first api or worker on purpose: its exit is no failure. */
  stopsFirst?: 'api' | 'worker';
  fault(context: ChaosContext): Promise<FaultWindow>;
  /** Failures particular to this fault, as sentences; empty when it behaved. */
  checks?(context: ChaosContext, window: FaultWindow): Promise<string[]> | string[];
  /** Set when the scenario cannot run here, with the reason. */
  skip?(context: Pick<ChaosContext, 'services'>): string | undefined;
}

const FREEZE_MS = 10_000;
const SITE_DOWN_MS = 60_000;
const RATE_LIMITED_MS = 20_000;
const DISK_FULL_MS = 10_000;
/** A write refused for a full disk must be answered at least this fast ("fail fast"). */
const FULL_DISK_ANSWER_MS = 2_000;

async function hold<T>(context: ChaosContext, ms: number, start: () => T): Promise<FaultWindow> {
  const from = context.load.now();
  start();
  await delay(ms);
  return { from, to: context.load.now() };
}

function during(answers: Answer[], window: FaultWindow): Answer[] {
  return answers.filter((a) => a.at >= window.from && a.at + a.ms <= window.to + 1_000);
}

/** A batch of scrape jobs the worker is in the middle of when it is killed. */
async function startBatch(context: ChaosContext, size: number): Promise<string[]> {
  const targets = Array.from({ length: size }, (_, i) => `${context.prefix}-batch-${i}`);
  const response = await fetch(`${context.apis[0]?.url ?? ''}/v1/scrape-jobs/batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${context.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ profiles: targets }),
  });
  const body = (await response.json()) as { results?: Array<{ job?: { id?: string } }> };
  const ids = (body.results ?? []).map((r) => r.job?.id ?? '');
  targets.forEach((publicId, i) =>
    context.load.scrapes.push({ publicId, status: response.status, jobId: ids[i] }),
  );
  return ids;
}

/** Waits until one of `ids` is running, so a kill lands mid-job. */
async function untilRunning(context: ChaosContext, ids: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    for (const id of ids) {
      const response = await fetch(`${context.apis[0]?.url ?? ''}/v1/scrape-jobs/${id}`, {
        headers: { authorization: `Bearer ${context.apiKey}` },
      });
      const job = (await response.json()) as { status?: string };
      if (job.status === 'running') return;
    }
    await delay(200);
  }
  throw new Error('no job of the batch started running within 30 s');
}

/** Fills the file system holding `dir` with a ballast file until it has no space left. */
function fillUp(dir: string): string {
  const ballast = path.join(dir, 'ballast');
  const fd = fs.openSync(ballast, 'w');
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
  // The last partial megabyte: fill it byte-exactly so not even a page is left.
  const small = Buffer.alloc(4096, 0x61);
  const tail = fs.openSync(ballast, 'a');
  try {
    for (;;) fs.writeSync(tail, small);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(tail);
  }
  return ballast;
}

/** The fault's window: from now until `work` is done. */
async function windowOf(context: ChaosContext, work: () => Promise<void>): Promise<FaultWindow> {
  const from = context.load.now();
  await work();
  return { from, to: context.load.now() };
}

/** Every cached read answered during the fault must be a 200: the cache holds those profiles. */
function cachedReadsServed(context: ChaosContext, window: FaultWindow): string[] {
  const cached = during(context.load.answers, window).filter((a) => a.operation === 'cached read');
  const served = cached.filter((a) => a.status === 200).length;
  return served === cached.length
    ? []
    : [`cached reads during the freeze: ${served} of ${cached.length} answered 200`];
}

type ServiceName = 'redis' | 'mongo';

/** A service SIGSTOPped for {@link FREEZE_MS} (a hung host), then SIGCONTed. */
function frozen(name: string, service: ServiceName): Scenario {
  return {
    name,
    apis: 1,
    workers: 1,
    fault: (c) =>
      hold(c, FREEZE_MS, () => c.services[service].freeze()).finally(() =>
        c.services[service].thaw(),
      ),
    checks: cachedReadsServed,
  };
}

/** A service SIGKILLed (a crash), and started again 3 s later on the same port. */
function killedAndRestarted(name: string, service: ServiceName): Scenario {
  return {
    name,
    apis: 1,
    workers: 1,
    fault: (c) =>
      windowOf(c, async () => {
        await c.services[service].kill();
        await delay(3_000);
        await c.services[service].start();
      }),
  };
}

/**
 * The first of `workers` workers SIGKILLed while a slow batch of 12 scrapes runs; `replace`
 * starts another in its place, as an orchestrator would.
 */
function workerKilledMidBatch(name: string, workers: number, replace: boolean): Scenario {
  return {
    name,
    apis: 1,
    workers,
    stopsFirst: 'worker',
    fault: async (c) => {
      c.site.setFault(`${c.prefix}-batch-*`, { latencyMs: 1_500 });
      const ids = await startBatch(c, 12);
      await untilRunning(c, ids);
      return windowOf(c, async () => {
        const victim = c.workers[0];
        victim?.child.signal('SIGKILL');
        await victim?.child.exited;
        if (replace) {
          c.say('worker killed; starting a replacement, as an orchestrator would');
          c.workers.push(await c.startWorker());
        }
        c.site.clearFaults();
      });
    },
  };
}

/** The first api SIGTERMed behind the proxy and replaced, as a rolling deploy does. */
const rollingRestart: Scenario = {
  name: '5 api SIGTERMed behind a round-robin proxy',
  apis: 2,
  workers: 1,
  behindProxy: true,
  stopsFirst: 'api',
  fault: (c) =>
    windowOf(c, async () => {
      const victim = c.apis[0];
      if (!victim) throw new Error('no api to stop');
      victim.child.signal('SIGTERM');
      const exit = await victim.child.exited;
      if (exit.code !== 0) throw new Error(`the api exited with ${JSON.stringify(exit)}`);
      c.proxy?.remove(victim.url);
      c.say('api exited 0; starting its replacement, as a rolling deploy would');
      const replacement = await c.startApi();
      c.apis.push(replacement);
      c.proxy?.add(replacement.url);
    }),
  checks: (c) => {
    const failed = c.load.answers.filter((a) => a.status === 0 || a.status >= 500);
    return failed.length === 0
      ? []
      : [`${failed.length} requests failed through the proxy (${describe(failed)})`];
  },
};

/** What a full disk must look like to clients: writes refused fast and clearly, reads served. */
function fullDiskChecks(c: ChaosContext, window: FaultWindow): string[] {
  const seen = during(c.load.answers, window);
  const problems: string[] = [];
  const writes = seen.filter((a) => a.operation === 'write' || a.operation === 'scrape');
  const refused = writes.filter((a) => a.status >= 400);
  if (refused.length === 0) problems.push('no write was refused: the disk never filled up');
  const slow = refused.filter((a) => a.ms > FULL_DISK_ANSWER_MS);
  if (slow.length > 0) {
    problems.push(`${slow.length} refused writes took over ${FULL_DISK_ANSWER_MS} ms`);
  }
  const unclear = refused.filter((a) => a.status !== 503 || a.code !== 'DEPENDENCY_UNAVAILABLE');
  if (unclear.length > 0) {
    problems.push(
      `${unclear.length} writes refused otherwise than 503 DEPENDENCY_UNAVAILABLE (${describe(unclear)})`,
    );
  }
  const reads = seen.filter((a) => a.operation.endsWith('read'));
  const readsOk = reads.filter((a) => a.status === 200).length;
  if (readsOk !== reads.length) {
    problems.push(`reads while full: ${readsOk} of ${reads.length} answered 200`);
  }
  return problems;
}

/** The scenarios in the order they run. */
export const SCENARIOS: Scenario[] = [
  frozen('1a Redis frozen 10 s', 'redis'),
  killedAndRestarted('1b Redis killed, restarted empty', 'redis'),
  frozen('2a MongoDB server frozen 10 s', 'mongo'),
  killedAndRestarted('2b MongoDB server killed, restarted', 'mongo'),
  workerKilledMidBatch('3a worker SIGKILLed mid-batch', 1, true),
  workerKilledMidBatch('3b two workers, one SIGKILLed', 2, false),
  {
    name: '4a profile site down 60 s',
    apis: 1,
    workers: 1,
    fault: (c) =>
      windowOf(c, async () => {
        await c.site.down();
        await delay(SITE_DOWN_MS);
        await c.site.up();
      }),
  },
  {
    name: '4b profile site answers 429 + Retry-After',
    apis: 1,
    workers: 1,
    fault: (c) =>
      hold(c, RATE_LIMITED_MS, () =>
        c.site.setFault('*', { status: 429, retryAfterSeconds: 2 }),
      ).finally(() => c.site.clearFaults()),
  },
  rollingRestart,
  {
    name: '6 database data directory full',
    apis: 1,
    workers: 1,
    skip: ({ services }) =>
      services.dataDirIsTmpfs
        ? undefined
        : `no tmpfs for the data directory: ${services.tmpfsProblem ?? ''}`,
    fault: (c) =>
      windowOf(c, async () => {
        const ballast = fillUp(c.services.dataDir);
        await delay(DISK_FULL_MS);
        fs.rmSync(ballast);
      }),
    checks: fullDiskChecks,
  },
];

/** "503 DEPENDENCY_UNAVAILABLE × 3, 0 × 1": the failures by status and code. */
export function describe(answers: Answer[]): string {
  const counts = new Map<string, number>();
  for (const a of answers) {
    const key =
      a.status === 0 ? `no answer (${a.error ?? ''})` : `${a.status} ${a.code ?? ''}`.trim();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => `${key} × ${n}`).join(', ');
}
