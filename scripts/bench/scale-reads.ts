// The read half of the scale part: the cached `GET /v1/profiles/:id` from one api directly, from
// the same api behind the round-robin proxy (the baseline: what one process serves through the
// proxy), and from two apis behind the proxy, in alternating rounds. The proxy runs as a process
// of its own with upstream keep-alive, so its CPU is not the load generator's.
import { authHeaders, scoutClient } from './http';
import { type LoadRow, medianRow } from './report';
import type { ScaleOptions } from './scale';
import { prepareDatabase, type Server, startApi, startProxy, stopServer } from './servers';
import { type Mode, type Rounds, runRounds, shortLine } from './support/rounds';
import { benchTarget } from './support/target';
import { writeBatches } from './workload';

export type ReadKey = 'direct' | 'proxied1' | 'proxied2';

const LABELS: Record<ReadKey, string> = {
  direct: '10 GET /v1/profiles/:id, 1 api, direct',
  proxied1: '10 GET /v1/profiles/:id, 1 api behind the proxy',
  proxied2: '10 GET /v1/profiles/:id, 2 apis behind the proxy',
};

/** The read scenarios' rows (vs baseline: against 1 api behind the proxy) and their rounds. */
export interface ReadFigures {
  rows: Array<LoadRow & { key: ReadKey }>;
  perRound: string[];
}

/** The three scenarios over the same hot profile paths. */
function modes(
  urls: Record<ReadKey, string>,
  paths: string[],
  apiKey: string,
  options: ScaleOptions,
): Array<Mode<ReadKey>> {
  const headers = authHeaders(apiKey);
  return (['direct', 'proxied1', 'proxied2'] as const).map((key) => ({
    key,
    label: LABELS[key],
    url: urls[key],
    requests: paths.map((p) => ({ method: 'GET' as const, path: p, headers })),
    connections: options.config.connections,
    durationS: options.config.durationS,
  }));
}

function rows(rounds: Rounds<ReadKey>): ReadFigures['rows'] {
  const baseline = rounds.med('proxied1', (r) => r.rps);
  return (['direct', 'proxied1', 'proxied2'] as const).map((key) => {
    const row = medianRow(LABELS[key], rounds.results.get(key) ?? []);
    return { ...row, key, vsBaseline: row.rps / baseline };
  });
}

/** Starts two apis over one database, the two proxies, warms every cache, and measures. */
export async function runScaleReads(options: ScaleOptions): Promise<ReadFigures> {
  const { config, say } = options;
  const target = benchTarget(options, 'scout_bench_scale_reads', 0);
  const { apiKey } = await prepareDatabase(target);
  const started: Server[] = [];
  try {
    for (const n of [1, 2]) started.push(await startApi(`api-scale-${n}`, target, apiKey));
    const [first, second] = started as [Server, Server];
    const ids = await writeBatches(first, 'bench-scale', config.hotIds, 1);
    // Each api has its own in-process cache: warm both through the SDK.
    for (const api of [first, second]) {
      const scout = scoutClient({ url: api.url, apiKey });
      for (const id of ids) await scout.GET('/v1/profiles/{id}', { params: { path: { id } } });
    }
    const one = await startProxy('proxy-1-api', [first]);
    started.push(one);
    const two = await startProxy('proxy-2-apis', [first, second]);
    started.push(two);
    say(`scale: apis ${first.url} and ${second.url}; proxy of one ${one.url}, of two ${two.url}`);
    const urls = { direct: first.url, proxied1: one.url, proxied2: two.url };
    const paths = ids.map((id) => `/v1/profiles/${id}`);
    const rounds = await runRounds(modes(urls, paths, apiKey, options), {
      rounds: config.rounds,
      warmupS: config.warmupS,
      line: shortLine,
      say,
    });
    return { rows: rows(rounds), perRound: rounds.perRound };
  } finally {
    await Promise.allSettled([...started].reverse().map(stopServer));
  }
}
