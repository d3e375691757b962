// Part 1 of `npm run bench`: reads of the built api (cache warm and cache off, lists at the first
// page and deep, the liveness probe) against a bare Fastify baseline serving the same bytes, in
// alternating rounds. The writes (scenario 5) are their own part.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { request, scoutClient } from './http';
import { CONFIG, chooseScale, type Scale } from './knobs';
import type { LoadResult } from './load';
import { say } from './machine';
import { fmt } from './report';
import { readFigures, type HttpFigures, type ReadSetup } from './read-figures';
import { explainQueries } from './server-info';
import {
  type ApiTarget,
  prepareDatabase,
  type Server,
  startApi,
  startBaseline,
  stopServer,
} from './servers';
import { track } from './support/resources';
import { type Mode, runRounds } from './support/rounds';
import { cursorAt, writeBatches } from './workload';

export type { HttpFigures } from './read-figures';

/** The scenarios' keys, as the report compares them. */
export type ScenarioKey = 'baseline' | 'cached' | 'uncached' | 'listFirst' | 'listDeep' | 'health';

/** Seeds the collection through the batch route, logging every tenth; returns ids and seconds. */
async function seed(api: Server, scale: Scale): Promise<{ ids: string[]; seconds: number }> {
  const started = performance.now();
  let reported = 0;
  const ids = await writeBatches(api, 'bench-seed', scale.profiles, CONFIG.seedInFlight, (done) => {
    if (done - reported >= scale.profiles / 10 || done === scale.profiles) {
      reported = done;
      const s = (performance.now() - started) / 1000;
      say(`seeded ${done} profiles in ${fmt(s, 1)} s (${fmt(done / s, 0)}/s)`);
    }
  });
  return { ids, seconds: (performance.now() - started) / 1000 };
}

/**
 * Starts the baseline serving the exact body of a real profile response (its bytes, so a raw
 * request) and checks that it does; returns it with the body's size.
 */
async function startMatchingBaseline(api: Server, id: string): Promise<[Server, number]> {
  const sample = await request(`${api.url}/v1/profiles/${id}`, { apiKey: api.apiKey });
  if (sample.status !== 200) throw new Error(`GET profile answered ${sample.status}`);
  const bodyFile = path.join(os.tmpdir(), `scout-bench-body-${process.pid}.json`);
  track(async () => fs.rmSync(bodyFile, { force: true }));
  fs.writeFileSync(bodyFile, sample.text);
  const baseline = await startBaseline(bodyFile);
  if ((await request(`${baseline.url}/profile`)).text !== sample.text) {
    throw new Error('the baseline does not serve the same bytes as the api');
  }
  const bodyBytes = Buffer.byteLength(sample.text);
  say(`baseline on ${baseline.url}, serving the ${bodyBytes}-byte body of profile ${id}`);
  return [baseline, bodyBytes];
}

/** Walks to the deep cursor and checks its page is full; returns its path and the walk's cost. */
async function walkDeep(api: Server, scale: Scale): Promise<ReadSetup['walk']> {
  const started = performance.now();
  const deepCursor = await cursorAt(api, scale.deep, CONFIG.walkPageSize);
  const seconds = (performance.now() - started) / 1000;
  const pages = scale.deep / CONFIG.walkPageSize;
  say(`walked ${pages} pages of ${CONFIG.walkPageSize} in ${fmt(seconds, 1)} s`);
  const { data: deepPage } = await scoutClient(api).GET('/v1/profiles', {
    params: { query: { limit: 20, cursor: deepCursor } },
  });
  if (deepPage?.data.length !== 20) throw new Error('the deep page is not a full page');
  return {
    deepPath: `/v1/profiles?limit=20&cursor=${encodeURIComponent(deepCursor)}`,
    seconds,
    pages,
    msPerPage: (seconds * 1000) / pages,
  };
}

/** The servers of the read scenarios and what the report says about how they were set up. */
interface ReadServers {
  api: Server;
  apiNoCache: Server;
  baseline: Server;
  hotIds: string[];
  setup: ReadSetup;
}

/** A database with indexes, a key and the seeded collection; both apis and the baseline. */
async function setUpReads(target: ApiTarget, scale: Scale): Promise<ReadServers> {
  const prepared = await prepareDatabase(target);
  say(`index sync: ${prepared.indexes.replace(/\n/g, '; ')}; admin API key created with the CLI`);
  const [api, apiNoCache] = await Promise.all([
    startApi('api', target, prepared.apiKey),
    startApi('api-nocache', target, prepared.apiKey, { CACHE_ENABLED: 'false' }),
  ]);
  say(`api on ${api.url}, api with CACHE_ENABLED=false on ${apiNoCache.url}`);
  const seeded = await seed(api, scale);
  const hotIds = seeded.ids.slice(0, CONFIG.hotIds);
  const plans = await explainQueries(target.mongoUri);
  say(`plan of the list query: ${plans.list}`);
  say(`plan of the batch lookup: ${plans.lookup}`);
  const [baseline, bodyBytes] = await startMatchingBaseline(api, hotIds[0] ?? '');
  const walk = await walkDeep(api, scale);
  const setup = { scale, plans, bodyBytes, seedSeconds: seeded.seconds, walk };
  return { api, apiNoCache, baseline, hotIds, setup };
}

/**
 * The read scenarios. Every /v1 request carries the key; so does the baseline's (it ignores it),
 * so both parse the same request bytes. Probes carry none, as an orchestrator's do.
 */
function readScenarios(servers: ReadServers, apiKey: string): Array<Mode<ScenarioKey>> {
  const { scale } = servers.setup;
  const headers = { authorization: `Bearer ${apiKey}` };
  const get = (paths: string[], auth = true): Mode<ScenarioKey>['requests'] =>
    paths.map((p) => ({ method: 'GET' as const, path: p, headers: auth ? headers : {} }));
  const read = { connections: CONFIG.connections, durationS: CONFIG.durationS };
  const list = { connections: scale.listConnections, durationS: scale.listDurationS };
  const profiles = get(servers.hotIds.map((id) => `/v1/profiles/${id}`));
  const { api, apiNoCache, baseline } = servers;
  return [
    {
      key: 'baseline',
      label: '1 baseline: bare Fastify',
      url: baseline.url,
      requests: get(['/profile']),
      ...read,
    },
    {
      key: 'cached',
      label: '2 GET /v1/profiles/:id, cache warm',
      url: api.url,
      requests: profiles,
      ...read,
    },
    {
      key: 'uncached',
      label: '3 GET /v1/profiles/:id, cache off',
      url: apiNoCache.url,
      requests: profiles,
      ...read,
    },
    {
      key: 'listFirst',
      label: '4a GET /v1/profiles, first page',
      url: api.url,
      requests: get(['/v1/profiles?limit=20']),
      ...list,
    },
    {
      key: 'listDeep',
      label: `4b GET /v1/profiles, ${fmt(scale.deep, 0)} deep`,
      url: api.url,
      requests: get([servers.setup.walk.deepPath]),
      ...list,
    },
    {
      key: 'health',
      label: '6 GET /health/live',
      url: api.url,
      requests: get(['/health/live'], false),
      ...read,
    },
  ];
}

/** The per-round line of a read scenario, with its response and error counts. */
function readLine(round: number, label: string, result: LoadResult): string {
  return (
    `round ${round}  ${label.padEnd(36)} ` +
    `${fmt(result.rps, result.rps < 100 ? 1 : 0).padStart(7)} req/s  ` +
    `p50 ${fmt(result.p50, 2).padStart(8)} ms  p99 ${fmt(result.p99, 2).padStart(8)} ms  ` +
    `(${result.total} responses, non-2xx ${result.non2xx}, errors ${result.errors})`
  );
}

/** Part 1: reads against the baseline and list depth (scenario 5, the writes, is its own part). */
export async function httpPart(target: ApiTarget, ferretdb: boolean): Promise<HttpFigures> {
  const scale = chooseScale(ferretdb);
  say(
    `config: ${CONFIG.rounds} rounds; ${CONFIG.connections} connections, ` +
      `${CONFIG.warmupS} s warm-up + ${CONFIG.durationS} s per read scenario; ` +
      `${scale.profiles} profiles, cursor ${scale.deep} deep, list load ${scale.listConnections} ` +
      `connections × ${scale.listDurationS} s` +
      (scale.reducedBecause ? ` (reduced: ${scale.reducedBecause})` : ''),
  );
  const servers = await setUpReads(target, scale);
  const scenarios = readScenarios(servers, servers.api.apiKey ?? '');
  const rounds = await runRounds(scenarios, {
    rounds: CONFIG.rounds,
    warmupS: CONFIG.warmupS,
    line: readLine,
    say,
  });
  // The read servers are done: stop them so they take no CPU from the parts that follow.
  await Promise.all([servers.api, servers.apiNoCache, servers.baseline].map(stopServer));
  return readFigures(rounds, scenarios, servers.setup);
}
