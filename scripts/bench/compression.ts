// The compression case: one 100-profile list page (the largest page a client can ask for) read
// by clients that accept br/gzip and by clients that accept nothing, from the same api, in a
// database of its own holding just those 100 profiles, so the figures show what compression
// costs and saves rather than how long the database takes to list.
import { get } from 'node:http';

import { authHeaders, assertLoopback } from './http';
import { fmt, type LoadRow, medianRow } from './report';
import { type ApiTarget, prepareDatabase, startApi, stopServer } from './servers';
import { type Mode, type Rounds, runRounds, shortLine } from './support/rounds';
import { writeBatches } from './workload';

const PAGE_SIZE = 100;
const PATH = `/v1/profiles?limit=${PAGE_SIZE}`;
const MODES = [
  { key: 'compressed', acceptEncoding: 'br, gzip' },
  { key: 'plain', acceptEncoding: undefined },
] as const;
type ModeKey = (typeof MODES)[number]['key'];

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

/** The two modes: the same page for clients that accept br/gzip and for clients that do not. */
function modes(url: string, apiKey: string, config: CompressionConfig): Array<Mode<ModeKey>> {
  return MODES.map((mode) => ({
    key: mode.key,
    label: `8 GET ${PATH}, ${mode.key}`,
    url,
    requests: [{ method: 'GET' as const, path: PATH, headers: headersOf(apiKey, mode) }],
    connections: config.connections,
    durationS: config.durationS,
  }));
}

function headersOf(apiKey: string, mode: (typeof MODES)[number]): Record<string, string> {
  return {
    ...authHeaders(apiKey),
    ...(mode.acceptEncoding === undefined ? {} : { 'accept-encoding': mode.acceptEncoding }),
  };
}

/** The rows, note and settings line of the case from its rounds and the response sizes. */
function figures(
  rounds: Rounds<ModeKey>,
  sizes: Map<ModeKey, { bytes: number; encoding: string }>,
  config: CompressionConfig,
): CompressionFigures {
  const load: LoadRow[] = MODES.map((mode) =>
    medianRow(
      `8 GET ${PATH}, ${mode.acceptEncoding ?? 'no accept-encoding'}`,
      rounds.results.get(mode.key) ?? [],
    ),
  );
  const compressedRps = rounds.med('compressed', (r) => r.rps);
  const plainRps = rounds.med('plain', (r) => r.rps);
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
  return { load, perRound: rounds.perRound, notes, settings };
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
    const sizes = new Map<ModeKey, { bytes: number; encoding: string }>();
    for (const mode of MODES) {
      sizes.set(mode.key, await responseBytes(api.url + PATH, headersOf(apiKey, mode)));
    }
    say(
      `compression: ${PATH} is ${fmt(sizes.get('plain')?.bytes ?? NaN, 0)} bytes plain, ` +
        `${fmt(sizes.get('compressed')?.bytes ?? NaN, 0)} bytes ${sizes.get('compressed')?.encoding}`,
    );
    const rounds = await runRounds(modes(api.url, apiKey, config), {
      rounds: config.rounds,
      warmupS: config.warmupS,
      line: shortLine,
      say,
    });
    return figures(rounds, sizes, config);
  } finally {
    await stopServer(api);
  }
}
