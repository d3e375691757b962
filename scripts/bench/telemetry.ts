// The telemetry case: what metrics and tracing cost on the cached `GET /v1/profiles/:id`. Three
// apis over the same database, measured in alternating rounds: one with every telemetry path off
// (no management listener, no OTLP endpoint, so the tracing SDK is never loaded), one with
// Prometheus metrics on and every request traced (sample ratio 1), and one with metrics on and 1%
// of requests traced (the instrumentation runs for all, spans are recorded for few). Spans go over
// OTLP/HTTP to a sink in this process that accepts and discards, as a collector elsewhere would.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { authHeaders, scoutClient } from './http';
import { fmt, type LoadRow, medianRow } from './report';
import { type ApiTarget, prepareDatabase, type Server, startApi, stopServer } from './servers';
import { type Mode, type Rounds, runRounds, shortLine } from './support/rounds';
import { writeBatches } from './workload';

const PROFILES = 8;

/** How the telemetry case runs. */
export interface TelemetryConfig {
  rounds: number;
  connections: number;
  warmupS: number;
  durationS: number;
}

/** What the case adds to the report. */
export interface TelemetryFigures {
  load: LoadRow[];
  perRound: string[];
  notes: string[];
  settings: Array<[string, string]>;
}

/** An OTLP/HTTP endpoint that answers 200 to every export and counts what it received. */
async function startSink(): Promise<{ url: string; exports: () => number; close: () => void }> {
  let exports = 0;
  const server: HttpServer = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/v1/traces') exports += 1;
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exports: () => exports,
    close: () => server.close(),
  };
}

type ModeKey = 'off' | 'on' | 'sampled';

/** The three apis: telemetry off, everything traced, 1% traced. */
async function startApis(
  target: ApiTarget,
  apiKey: string,
  sinkUrl: string,
  started: Server[],
): Promise<Record<ModeKey, Server>> {
  const start = async (name: string, env: Record<string, string>): Promise<Server> => {
    const server = await startApi(name, target, apiKey, env);
    started.push(server);
    return server;
  };
  const off = await start('api-telemetry-off', { METRICS_PORT: '0' });
  const on = await start('api-telemetry-on', {
    OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl,
    TRACING_SAMPLE_RATIO: '1',
  });
  const sampled = await start('api-telemetry-sampled', {
    OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl,
    TRACING_SAMPLE_RATIO: '0.01',
  });
  return { off, on, sampled };
}

/** The three modes over the same profile paths. */
function modes(
  apis: Record<ModeKey, Server>,
  paths: string[],
  apiKey: string,
  config: TelemetryConfig,
): Array<Mode<ModeKey>> {
  const headers = authHeaders(apiKey);
  const labels: Record<ModeKey, string> = {
    off: '9 GET /v1/profiles/:id, metrics + tracing off',
    on: '9 GET /v1/profiles/:id, metrics + tracing on',
    sampled: '9 GET /v1/profiles/:id, metrics + 1% traced',
  };
  return (['off', 'on', 'sampled'] as const).map((key) => ({
    key,
    label: labels[key],
    url: apis[key].url,
    requests: paths.map((p) => ({ method: 'GET' as const, path: p, headers })),
    connections: config.connections,
    durationS: config.durationS,
  }));
}

/** The rows, notes and settings line of the case from its rounds and the sink's count. */
function figures(
  rounds: Rounds<ModeKey>,
  modeList: Array<Mode<ModeKey>>,
  exports: number,
  config: TelemetryConfig,
): TelemetryFigures {
  const { med } = rounds;
  const load: LoadRow[] = modeList.map((mode) =>
    medianRow(mode.label, rounds.results.get(mode.key) ?? []),
  );
  const onRps = med('on', (r) => r.rps);
  const offRps = med('off', (r) => r.rps);
  const sampledRps = med('sampled', (r) => r.rps);
  const notes = [
    `- Telemetry (9): with Prometheus metrics on and every request traced and exported, the ` +
      `cached profile read runs at ${fmt(onRps / offRps, 2)}× the throughput of the same api ` +
      `with both off (${fmt(onRps, 0)} vs ${fmt(offRps, 0)} req/s; p50 ` +
      `${fmt(
        med('on', (r) => r.p50),
        2,
      )} vs ${fmt(
        med('off', (r) => r.p50),
        2,
      )} ms); ` +
      `the sink received ${fmt(exports, 0)} OTLP exports.`,
    `- Telemetry (9): with metrics on and 1% of requests traced, the same read runs at ` +
      `${fmt(sampledRps / offRps, 2)}× (${fmt(sampledRps, 0)} req/s): what the ` +
      'instrumentation costs on every request, sampled or not.',
  ];
  const settings: Array<[string, string]> = [
    [
      'telemetry',
      `the cached GET /v1/profiles/:id over ${PROFILES} profiles, ${config.connections} ` +
        `connections, ${config.warmupS} s warm-up + ${config.durationS} s per mode and round; ` +
        'off: METRICS_PORT=0 and no OTEL_EXPORTER_OTLP_ENDPOINT; on: metrics on, ' +
        'TRACING_SAMPLE_RATIO=1, spans exported to a local OTLP/HTTP sink; 1% traced: the ' +
        'same with TRACING_SAMPLE_RATIO=0.01',
    ],
  ];
  return { load, perRound: rounds.perRound, notes, settings };
}

/** Runs the case against three fresh apis over `${baseUri}/scout_bench_telemetry`. */
export async function runTelemetryBench(
  base: ApiTarget,
  baseUri: string,
  config: TelemetryConfig,
  say: (line: string) => void,
): Promise<TelemetryFigures> {
  const target = { ...base, mongoUri: `${baseUri}/scout_bench_telemetry` };
  const { apiKey } = await prepareDatabase(target);
  const sink = await startSink();
  const started: Server[] = [];
  try {
    const apis = await startApis(target, apiKey, sink.url, started);
    const ids = await writeBatches(apis.off, 'bench-telemetry', PROFILES, 1);
    // Warm every cache through the SDK; the measured load below goes through autocannon.
    for (const server of Object.values(apis)) {
      const scout = scoutClient({ url: server.url, apiKey });
      for (const id of ids) await scout.GET('/v1/profiles/{id}', { params: { path: { id } } });
    }
    const modeList = modes(
      apis,
      ids.map((id) => `/v1/profiles/${id}`),
      apiKey,
      config,
    );
    const rounds = await runRounds(modeList, {
      rounds: config.rounds,
      warmupS: config.warmupS,
      line: shortLine,
      say,
    });
    if (sink.exports() === 0) throw new Error('the traced api exported no spans to the sink');
    return figures(rounds, modeList, sink.exports(), config);
  } finally {
    await Promise.all(started.map(stopServer));
    sink.close();
  }
}
