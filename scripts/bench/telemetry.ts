// The telemetry case: what metrics and tracing cost on the cached `GET /v1/profiles/:id`. Three
// apis over the same database, measured in alternating rounds: one with every telemetry path off
// (no management listener, no OTLP endpoint, so the tracing SDK is never loaded), one with
// Prometheus metrics on and every request traced (sample ratio 1), and one with metrics on and 1%
// of requests traced (the instrumentation runs for all, spans are recorded for few). Spans go over
// OTLP/HTTP to a sink in this process that accepts and discards, as a collector elsewhere would.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

import { authHeaders, scoutClient } from './http';
import { fire, type LoadResult } from './load';
import { fmt, type LoadRow, median, medianRow } from './report';
import { type ApiTarget, prepareDatabase, type Server, startApi, stopServer } from './servers';
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

/** Runs the case against two fresh apis over `${baseUri}/scout_bench_telemetry`. */
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
    const off = await startApi('api-telemetry-off', target, apiKey, { METRICS_PORT: '0' });
    started.push(off);
    const on = await startApi('api-telemetry-on', target, apiKey, {
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
      TRACING_SAMPLE_RATIO: '1',
    });
    started.push(on);
    const sampled = await startApi('api-telemetry-sampled', target, apiKey, {
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
      TRACING_SAMPLE_RATIO: '0.01',
    });
    started.push(sampled);
    const ids = await writeBatches(off, 'bench-telemetry', PROFILES, 1);
    const paths = ids.map((id) => `/v1/profiles/${id}`);
    // Warm every cache through the SDK; the measured load below goes through autocannon.
    for (const server of [off, on, sampled]) {
      const scout = scoutClient({ url: server.url, apiKey });
      for (const id of ids) await scout.GET('/v1/profiles/{id}', { params: { path: { id } } });
    }
    const modes = [
      { key: 'off', server: off, label: '9 GET /v1/profiles/:id, metrics + tracing off' },
      { key: 'on', server: on, label: '9 GET /v1/profiles/:id, metrics + tracing on' },
      {
        key: 'sampled',
        server: sampled,
        label: '9 GET /v1/profiles/:id, metrics + 1% traced',
      },
    ] as const;

    const results = new Map<string, LoadResult[]>();
    const perRound: string[] = [];
    const headers = authHeaders(apiKey);
    for (let round = 1; round <= config.rounds; round++) {
      for (const mode of round % 2 ? modes : [...modes].reverse()) {
        const common = {
          url: mode.server.url,
          requests: paths.map((p) => ({ method: 'GET' as const, path: p, headers })),
          connections: config.connections,
        };
        await fire({
          ...common,
          label: `${mode.label} (warm-up)`,
          durationS: config.warmupS,
          warmUp: true,
        });
        const result = await fire({ ...common, label: mode.label, durationS: config.durationS });
        results.set(mode.key, [...(results.get(mode.key) ?? []), result]);
        const line =
          `round ${round}  ${mode.label.padEnd(46)} ${fmt(result.rps, 0).padStart(7)} req/s  ` +
          `p50 ${fmt(result.p50, 2).padStart(8)} ms  p99 ${fmt(result.p99, 2).padStart(8)} ms`;
        perRound.push(line);
        say(line);
        await delay(500);
      }
    }
    if (sink.exports() === 0) throw new Error('the traced api exported no spans to the sink');

    const med = (key: string, pick: (r: LoadResult) => number): number =>
      median((results.get(key) ?? []).map(pick));
    const load: LoadRow[] = modes.map((mode) => medianRow(mode.label, results.get(mode.key) ?? []));
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
        `the sink received ${fmt(sink.exports(), 0)} OTLP exports.`,
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
    return { load, perRound, notes, settings };
  } finally {
    await Promise.all(started.map(stopServer));
    sink.close();
  }
}
