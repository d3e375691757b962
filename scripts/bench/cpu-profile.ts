// Where a process's CPU went, from a V8 CPU profile (`node --cpu-prof`): every sample is charged
// to the innermost frame of its stack that belongs to a known category, so time spent in Node's
// own socket, stream and buffer code counts for whoever called it (undici, the MongoDB driver,
// ioredis). The split between processes comes from /proc (process-cpu.ts).
import fs from 'node:fs';

/** The categories of the scraping breakdown, in print order. */
export const CPU_CATEGORIES = [
  'fetch',
  'parse',
  'write',
  'queue',
  'logging',
  'other JS',
  'gc',
  'native',
] as const;

/** One category of the breakdown. */
export type CpuCategory = (typeof CPU_CATEGORIES)[number];

/** What each category covers, for the printed table and the doc. */
export const CPU_CATEGORY_MEANING: Readonly<Record<CpuCategory, string>> = {
  fetch: "outbound HTTP: Node's fetch (undici), node:http, Scout's HttpProfileSource",
  parse: 'cheerio, htmlparser2, parse5 and friends, JSON-LD/HTML readers, normalize',
  write:
    'mongoose, mongodb driver, bson, libs/profiles services and repositories, scrape_jobs transitions',
  queue:
    'bullmq, ioredis, msgpackr: the queue plus every Redis call (locks, rate limit, breaker, cache bus)',
  logging: 'pino',
  'other JS': 'Nest, rxjs, the resilience policies and anything not above',
  gc: 'garbage collection',
  native: "V8's (program): compiled code and runtime outside JS frames",
};

interface CallFrame {
  functionName: string;
  url: string;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Milliseconds of CPU per category within a window, and the window's wall length. */
export interface CpuBreakdown {
  ms: Record<CpuCategory, number>;
  /** Sum of all categories (idle excluded). */
  busyMs: number;
  /** Samples counted (inside the window, idle excluded). */
  samples: number;
  /** Length of the window that was analysed, in ms. */
  windowMs: number;
}

/** Rules from a frame's script URL to a category; the first that matches wins. */
const URL_RULES: ReadonlyArray<[RegExp, CpuCategory]> = [
  [
    /node_modules\/(cheerio|cheerio-select|htmlparser2|domhandler|domutils|dom-serializer)\//,
    'parse',
  ],
  [
    /node_modules\/(entities|css-select|css-what|nth-check|boolbase|parse5[^/]*|encoding-sniffer)\//,
    'parse',
  ],
  [
    /libs\/scraper\/src\/(json-ld\.reader|html\.reader|profile-page\.parser|normalize|profile-draft)/,
    'parse',
  ],
  [/node:internal\/deps\/undici|node_modules\/undici\//, 'fetch'],
  [/^node:(_?https?|_http_\w+)$|node:internal\/http/, 'fetch'],
  [/libs\/scraper\/src\/http-profile-source/, 'fetch'],
  [
    /node_modules\/(mongoose|mongodb|bson|mquery|kareem|sift|mongodb-connection-string-url)\//,
    'write',
  ],
  [/libs\/(profiles|database)\/src\/|libs\/scraping\/src\/repositories\//, 'write'],
  [
    /node_modules\/(bullmq|ioredis|msgpackr|@ioredis\/[^/]+|redis-parser|redis-errors|cron-parser)\//,
    'queue',
  ],
  [
    /node_modules\/(pino|pino-std-serializers|sonic-boom|thread-stream|fast-redact|nestjs-pino)\//,
    'logging',
  ],
];

/** Frames that never decide a category themselves: Node internals and builtins in the middle. */
function categoryOf(frame: CallFrame): CpuCategory | undefined {
  for (const [rule, category] of URL_RULES) if (rule.test(frame.url)) return category;
  return undefined;
}

/**
 * Reads a `.cpuprofile` and charges each sample inside `[fromUs, toUs]` (V8 profile timestamps:
 * microseconds of the system's monotonic clock, the same clock as `process.hrtime`) to the
 * innermost categorised frame of its stack; stacks with none count as "other JS".
 */
export function analyseProfile(file: string, fromUs = -Infinity, toUs = Infinity): CpuBreakdown {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const categoryCache = new Map<number, CpuCategory | 'idle'>();
  const classify = (id: number): CpuCategory | 'idle' => {
    const cached = categoryCache.get(id);
    if (cached) return cached;
    const leaf = byId.get(id);
    let result: CpuCategory | 'idle' = 'other JS';
    const name = leaf?.callFrame.functionName;
    if (name === '(idle)') result = 'idle';
    else if (name === '(garbage collector)') result = 'gc';
    else if (name === '(program)') result = 'native';
    else {
      for (let current: number | undefined = id; current !== undefined;) {
        const node = byId.get(current);
        const category = node ? categoryOf(node.callFrame) : undefined;
        if (category) {
          result = category;
          break;
        }
        current = parent.get(current);
      }
    }
    categoryCache.set(id, result);
    return result;
  };

  const ms = Object.fromEntries(CPU_CATEGORIES.map((c) => [c, 0])) as Record<CpuCategory, number>;
  let at = profile.startTime;
  let samples = 0;
  const from = Math.max(fromUs, profile.startTime);
  const to = Math.min(toUs, profile.endTime);
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < from || at > to) continue;
    const category = classify(profile.samples[i] ?? 0);
    if (category === 'idle') continue;
    // A sample stands for the time since the previous one.
    ms[category] += delta / 1000;
    samples += 1;
  }
  const busyMs = CPU_CATEGORIES.reduce((sum, c) => sum + ms[c], 0);
  return { ms, busyMs, samples, windowMs: Math.max(0, to - from) / 1000 };
}
