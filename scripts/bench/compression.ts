// The compression case: one 100-profile list page (the largest page a client can ask for) read
// by clients that accept br/gzip and by clients that accept nothing, from the same api, in a
// database of its own holding just those 100 profiles, so the figures show what compression
// costs and saves rather than how long the database takes to list.
import { get } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';

import { authHeaders, assertLoopback } from './http';
import { fire, type LoadResult } from './load';
import { fmt, type LoadRow, median, medianRow } from './report';
import { type ApiTarget, prepareDatabase, startApi, stopServer } from './servers';
import { writeBatches } from './workload';

const PAGE_SIZE = 100;
const PATH = `/v1/profiles?limit=${PAGE_SIZE}`;
const MODES = [
  { key: 'compressed', acceptEncoding: 'br, gzip' },
  { key: 'plain', acceptEncoding: undefined },
] as const;

/** How the compression case runs. */
export interface CompressionConfig {
  rounds: number;
  connections: number;
  warmupS: number;
  durationS: number;
}

/** What the case adds to the report. */
export interface CompressionFigures {
  load: LoadRow[];
  perRound: string[];
  notes: string[];
  settings: Array<[string, string]>;
}

/** Bytes on the wire of one response body, and its content encoding, read without decoding. */
function responseBytes(
  url: string,
  headers: Record<string, string>,
): Promise<{ bytes: number; encoding: string }> {
  assertLoopback(url);
  return new Promise((resolve, reject) => {
    const req = get(url, { headers, timeout: 30_000 }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`GET ${url} answered ${res.statusCode}`));
        else resolve({ bytes, encoding: String(res.headers['content-encoding'] ?? 'identity') });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
  });
}

/** Runs the case against a fresh api over `${baseUri}/scout_bench_compression`. */
export async function runCompressionBench(
  base: ApiTarget,
  baseUri: string,
  config: CompressionConfig,
  say: (line: string) => void,
): Promise<CompressionFigures> {
  const target = { ...base, mongoUri: `${baseUri}/scout_bench_compression` };
  const { apiKey } = await prepareDatabase(target);
  const api = await startApi('api-compression', target, apiKey);
  try {
    await writeBatches(api, 'bench-compression', PAGE_SIZE, 1);
    const headersOf = (acceptEncoding: string | undefined): Record<string, string> => ({
      ...authHeaders(apiKey),
      ...(acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding }),
    });
    const sizes = new Map<string, { bytes: number; encoding: string }>();
    for (const mode of MODES) {
      sizes.set(mode.key, await responseBytes(api.url + PATH, headersOf(mode.acceptEncoding)));
    }
    say(
      `compression: ${PATH} is ${fmt(sizes.get('plain')?.bytes ?? NaN, 0)} bytes plain, ` +
        `${fmt(sizes.get('compressed')?.bytes ?? NaN, 0)} bytes ${sizes.get('compressed')?.encoding}`,
    );

    const results = new Map<string, LoadResult[]>();
    const perRound: string[] = [];
    for (let round = 1; round <= config.rounds; round++) {
      for (const mode of round % 2 ? MODES : [...MODES].reverse()) {
        const common = {
          url: api.url,
          requests: [
            { method: 'GET' as const, path: PATH, headers: headersOf(mode.acceptEncoding) },
          ],
          connections: config.connections,
        };
        const label = `8 GET ${PATH}, ${mode.key}`;
        await fire({
          ...common,
          label: `${label} (warm-up)`,
          durationS: config.warmupS,
          warmUp: true,
        });
        const result = await fire({ ...common, label, durationS: config.durationS });
        results.set(mode.key, [...(results.get(mode.key) ?? []), result]);
        const line =
          `round ${round}  ${label.padEnd(46)} ${fmt(result.rps, 0).padStart(7)} req/s  ` +
          `p50 ${fmt(result.p50, 2).padStart(8)} ms  p99 ${fmt(result.p99, 2).padStart(8)} ms`;
        perRound.push(line);
        say(line);
        await delay(500);
      }
    }

    const med = (key: string, pick: (r: LoadResult) => number): number =>
      median((results.get(key) ?? []).map(pick));
    const load: LoadRow[] = MODES.map((mode) =>
      medianRow(
        `8 GET ${PATH}, ${mode.acceptEncoding ?? 'no accept-encoding'}`,
        results.get(mode.key) ?? [],
      ),
    );
    const compressedRps = med('compressed', (r) => r.rps);
    const plainRps = med('plain', (r) => r.rps);
    const plainBytes = sizes.get('plain')?.bytes ?? Number.NaN;
    const compressed = sizes.get('compressed') ?? { bytes: Number.NaN, encoding: 'unknown' };
    const notes = [
      `- Compression (8): a ${PAGE_SIZE}-profile page is ${fmt(plainBytes, 0)} bytes plain and ` +
        `${fmt(compressed.bytes, 0)} bytes as ${compressed.encoding} ` +
        `(${fmt((100 * compressed.bytes) / plainBytes, 1)}%); compressed throughput is ` +
        `${fmt(compressedRps / plainRps, 2)}× plain (${fmt(compressedRps, 0)} vs ` +
        `${fmt(plainRps, 0)} req/s).`,
    ];
    const settings: Array<[string, string]> = [
      [
        'compression',
        `${PATH} from a database of ${PAGE_SIZE} profiles, ${config.connections} connections, ` +
          `${config.warmupS} s warm-up + ${config.durationS} s per mode and round; clients send ` +
          '`accept-encoding: br, gzip` or nothing',
      ],
    ];
    return { load, perRound, notes, settings };
  } finally {
    await stopServer(api);
  }
}
