// autocannon, bounded and checked: every run has a hard time limit, its own exact latency
// percentiles, and fails loudly when more than 1% of responses are errors.
import autocannon from 'autocannon';

import { assertLoopback } from './http';

/** Share of error responses (non-2xx, connection errors, timeouts) above which a run fails. */
export const MAX_ERROR_SHARE = 0.01;
/** Slack on top of a run's nominal length before it is stopped from outside. */
const HARD_LIMIT_SLACK_MS = 30_000;

/** One autocannon run, as the bench reports it. */
export interface LoadResult {
  /** Completed responses per second (all status codes), over autocannon's measured window. */
  rps: number;
  /** Latency percentiles in ms of 2xx responses, exact (autocannon's histogram has 1 ms steps). */
  p50: number;
  p99: number;
  /** Completed responses. */
  total: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  /** Wall time of the run in seconds. */
  seconds: number;
}

/** What to fire: requests cycle per connection; `amount` bounds by count instead of time. */
export interface LoadOptions {
  label: string;
  url: string;
  requests: autocannon.Request[];
  connections: number;
  durationS?: number;
  amount?: number;
  /** Upper bound on the run's own length, used with `amount` to derive the hard limit. */
  expectedMaxS?: number;
  /** A warm-up may see no response at all (slow list requests); its errors still count. */
  warmUp?: boolean;
}

const running = new Set<autocannon.Instance>();

/** Stops every autocannon run in flight (on SIGINT), so no load outlives the bench. */
export function stopAllLoad(): void {
  for (const instance of running) instance.stop();
}

/**
 * Runs autocannon once and returns throughput and exact 2xx latency percentiles. Time-bounded
 * twice: by `durationS`/`amount` and by an outside stop at the nominal length plus 30 s.
 * Throws when more than {@link MAX_ERROR_SHARE} of the responses were errors.
 */
export async function fire(options: LoadOptions): Promise<LoadResult> {
  assertLoopback(options.url);
  const latencies: number[] = [];
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        pipelining: 1,
        timeout: 30,
        requests: options.requests,
        ...(options.amount !== undefined
          ? { amount: options.amount }
          : { duration: options.durationS ?? 8 }),
      },
      (error: Error | null, value: autocannon.Result) => {
        running.delete(instance);
        clearTimeout(hardLimit);
        if (error) reject(error);
        else resolve(value);
      },
    );
    running.add(instance);
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
    const nominalS = options.expectedMaxS ?? options.durationS ?? 8;
    const hardLimit = setTimeout(() => instance.stop(), nominalS * 1000 + HARD_LIMIT_SLACK_MS);
  });
  const seconds = (performance.now() - started) / 1000;

  const total = result.requests.total;
  const failed = result.non2xx + result.errors;
  if (total === 0 && !options.warmUp) throw new Error(`${options.label}: no responses at all`);
  const share = total + result.errors > 0 ? failed / (total + result.errors) : 0;
  if (share > MAX_ERROR_SHARE) {
    const codes = Object.entries(result.statusCodeStats ?? {})
      .map(([code, stat]) => `${code}×${stat.count ?? 0}`)
      .join(', ');
    throw new Error(
      `${options.label}: ${(share * 100).toFixed(1)}% errors (non-2xx ${result.non2xx}, ` +
        `connection errors ${result.errors}, timeouts ${result.timeouts}; status codes: ${codes})`,
    );
  }
  latencies.sort((a, b) => a - b);
  return {
    rps: total / (result.duration > 0 ? result.duration : seconds),
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    total,
    non2xx: result.non2xx,
    errors: result.errors,
    seconds,
  };
}

/** Nearest-rank percentile of sorted values; NaN when there are none. */
function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}
