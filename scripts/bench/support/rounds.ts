// Alternating rounds of autocannon runs, as the read, compression and telemetry scenarios take
// them: every mode of a round in turn (even rounds in reverse order), each a discarded warm-up
// then the measured run, a per-round line for the report, and the medians over the rounds.
import { setTimeout as delay } from 'node:timers/promises';

import type autocannon from 'autocannon';

import { fire, type LoadResult } from '../load';
import { fmt, median } from '../report';

/** One mode of a scenario: where its requests go and what they are. */
export interface Mode<Key extends string> {
  key: Key;
  label: string;
  url: string;
  requests: autocannon.Request[];
  connections: number;
  durationS: number;
}

/** The results of every round, by mode, with the medians the report shows. */
export interface Rounds<Key extends string> {
  results: Map<Key, LoadResult[]>;
  perRound: string[];
  /** The median over the rounds of one figure of one mode. */
  med: (key: Key, pick: (result: LoadResult) => number) => number;
}

/** What {@link runRounds} needs besides the modes. */
export interface RoundsOptions {
  rounds: number;
  warmupS: number;
  /** The per-round line of one measured run. */
  line: (round: number, label: string, result: LoadResult) => string;
  say: (line: string) => void;
}

/** Runs `modes` for `options.rounds` rounds, alternating their order, 500 ms apart. */
export async function runRounds<Key extends string>(
  modes: ReadonlyArray<Mode<Key>>,
  options: RoundsOptions,
): Promise<Rounds<Key>> {
  const results = new Map<Key, LoadResult[]>();
  const perRound: string[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    for (const mode of round % 2 ? modes : [...modes].reverse()) {
      const common = { url: mode.url, requests: mode.requests, connections: mode.connections };
      await fire({
        ...common,
        label: `${mode.label} (warm-up)`,
        durationS: options.warmupS,
        warmUp: true,
      });
      const result = await fire({ ...common, label: mode.label, durationS: mode.durationS });
      results.set(mode.key, [...(results.get(mode.key) ?? []), result]);
      const line = options.line(round, mode.label, result);
      perRound.push(line);
      options.say(line);
      await delay(500);
    }
  }
  const med = (key: Key, pick: (result: LoadResult) => number): number =>
    median((results.get(key) ?? []).map(pick));
  return { results, perRound, med };
}

/** The per-round line of the compression and telemetry scenarios: throughput, p50 and p99. */
export function shortLine(round: number, label: string, result: LoadResult): string {
  return (
    `round ${round}  ${label.padEnd(46)} ${fmt(result.rps, 0).padStart(7)} req/s  ` +
    `p50 ${fmt(result.p50, 2).padStart(8)} ms  p99 ${fmt(result.p99, 2).padStart(8)} ms`
  );
}
