// The read part's contribution to the report: one row per scenario (medians over the rounds,
// throughput against the baseline), the two targets, the notes on query plans and scale, and the
// settings lines.
import type { ScenarioKey } from './http-part';
import type { Scale } from './knobs';
import { CONFIG } from './knobs';
import { fmt, type LoadRow, type Report, type TargetLine, times } from './report';
import type { QueryPlans } from './server-info';
import type { Mode, Rounds } from './support/rounds';

/** What the read and write scenarios contribute to the report. */
export type HttpFigures = Pick<
  Report,
  'load' | 'writes' | 'targets' | 'perRound' | 'notes' | 'settings'
>;

/** How the read scenarios were set up, as the notes and settings describe it. */
export interface ReadSetup {
  scale: Scale;
  plans: QueryPlans;
  bodyBytes: number;
  seedSeconds: number;
  walk: { deepPath: string; seconds: number; pages: number; msPerPage: number };
}

/** Scenarios whose throughput is set against the baseline's. */
const COMPARED = new Set<ScenarioKey>(['baseline', 'cached', 'uncached', 'health']);

function rows(rounds: Rounds<ScenarioKey>, scenarios: Array<Mode<ScenarioKey>>): LoadRow[] {
  const { med } = rounds;
  const baselineRps = med('baseline', (r) => r.rps);
  return scenarios.map((scenario) => {
    const results = rounds.results.get(scenario.key) ?? [];
    const rps = med(scenario.key, (r) => r.rps);
    return {
      name: scenario.label,
      rps,
      p50: med(scenario.key, (r) => r.p50),
      p99: med(scenario.key, (r) => r.p99),
      vsBaseline: COMPARED.has(scenario.key) ? rps / baselineRps : undefined,
      non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
      errors: results.reduce((sum, r) => sum + r.errors, 0),
    };
  });
}

function targets(rounds: Rounds<ScenarioKey>, scale: Scale): TargetLine[] {
  const { med } = rounds;
  const baselineRps = med('baseline', (r) => r.rps);
  const cachedRps = med('cached', (r) => r.rps);
  const firstP50 = med('listFirst', (r) => r.p50);
  const deepP50 = med('listDeep', (r) => r.p50);
  return [
    {
      pass: cachedRps >= 0.4 * baselineRps,
      text:
        `cached GET /v1/profiles/:id throughput ≥ 0.4 × baseline: ${times(cachedRps / baselineRps)} ` +
        `(${fmt(cachedRps, 0)} vs ${fmt(baselineRps, 0)} req/s)`,
    },
    {
      pass: deepP50 <= 1.5 * firstP50,
      text:
        `deep-page p50 ≤ 1.5 × first-page p50: ${times(deepP50 / firstP50)} ` +
        `(${fmt(deepP50, 2)} ms at ${fmt(scale.deep, 0)} deep vs ${fmt(firstP50, 2)} ms, ` +
        `${fmt(scale.profiles, 0)} profiles` +
        (scale.reducedBecause ? '; both pages are full scans on FerretDB, see the notes)' : ')'),
    },
  ];
}

function notes(setup: ReadSetup): string[] {
  const { scale, plans, walk } = setup;
  const lines = [
    `- Plan of the first-page list query on the seeded collection: ${plans.list}.`,
    `- Plan of the batch route's \`publicId $in\` lookup: ${plans.lookup}.`,
    `- One list request took ${fmt(walk.msPerPage, 0)} ms on average during the cursor walk ` +
      `(limit 100, one at a time, ${fmt(scale.profiles, 0)} profiles).`,
  ];
  if (scale.reducedBecause) {
    lines.push(
      `- Reduced scale: ${scale.reducedBecause} (no filter, sort or limit pushdown on SQLite), so ` +
        `a list request costs time in proportion to the collection: about ` +
        `${fmt((walk.msPerPage * 100_000) / scale.profiles / 1000, 0)} s at 100,000 profiles. The ` +
        `issue's 100,000-profile collection would take over 20 minutes to seed (every batch's ` +
        `lookup scans too) and 50 concurrent list requests would only queue into timeouts, so ` +
        `this run used ${fmt(scale.profiles, 0)} profiles, a cursor ${fmt(scale.deep, 0)} deep ` +
        `and ${scale.listConnections} connections × ${scale.listDurationS} s for the lists. ` +
        `The list figures measure FerretDB's scan, not Scout's keyset pagination; run the bench ` +
        `with MONGODB_URI pointing at a MongoDB server for the issue's scale.`,
    );
  }
  return lines;
}

function settings(setup: ReadSetup): Array<[string, string]> {
  const { scale, walk } = setup;
  return [
    [
      'reads',
      `autocannon, ${CONFIG.connections} connections, pipelining 1, ${CONFIG.warmupS} s ` +
        `warm-up (discarded) + ${CONFIG.durationS} s measured per scenario; lists ` +
        `${scale.listConnections} connections × ${scale.listDurationS} s`,
    ],
    [
      'rounds',
      `${CONFIG.rounds}, even rounds in reverse order; every figure is the median over the rounds`,
    ],
    [
      'profile body',
      `${fmt(setup.bodyBytes, 0)} bytes of JSON, the same for the api and the baseline`,
    ],
    [
      'collection',
      `${fmt(scale.profiles, 0)} profiles, seeded through the batch route in ` +
        `${fmt(setup.seedSeconds, 1)} s (${CONFIG.seedInFlight} batches in flight)`,
    ],
    [
      'deep cursor',
      `${walk.pages} pages of ${CONFIG.walkPageSize} walked in ${fmt(walk.seconds, 1)} s`,
    ],
    [
      'api',
      'built dist/, NODE_ENV=production, LOG_LEVEL=warn, CACHE_WARM_COUNT=0, ' +
        'MONGODB_AUTO_INDEX=false (indexes from db-indexes.js), metrics on (loopback)',
    ],
    [
      'API keys',
      'one admin key per database, created with `node dist/apps/api/src/cli.js api-keys ' +
        'create --name bench --scopes admin --json`; every `/v1` request (and the ' +
        "baseline's) sends `Authorization: Bearer <key>`, probes send none",
    ],
  ];
}

/** The read part's rows, targets, per-round lines, notes and settings. */
export function readFigures(
  rounds: Rounds<ScenarioKey>,
  scenarios: Array<Mode<ScenarioKey>>,
  setup: ReadSetup,
): HttpFigures {
  return {
    settings: settings(setup),
    load: rows(rounds, scenarios),
    writes: [],
    targets: targets(rounds, setup.scale),
    perRound: rounds.perRound,
    notes: notes(setup),
  };
}
