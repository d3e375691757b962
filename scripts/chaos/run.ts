// `npm run test:chaos`: starts its own redis-server, FerretDB (data on a small tmpfs), the fake
// profile site and the built api and worker, then runs each fault of scenarios.ts under mixed
// load and checks what clients were told against the database. Prints one row per scenario and
// exits 1 when any assertion failed. See docs/reliability.md for what each fault does to a client.
import { startFakeSite, type FakeSite } from '../../test/fixtures/fake-site';
import { stopServers } from '../bench/servers';
import { errorMessage } from '../lib/system';
import { runScenario } from './harness';
import { emptyRow, type Row, table } from './report';
import { type Scenario, SCENARIOS } from './scenarios';
import { type ChaosServices, startChaosServices } from './services';

const WATCHDOG_MS = 20 * 60_000;

const startedAt = performance.now();
function say(line: string): void {
  const at = ((performance.now() - startedAt) / 1000).toFixed(0).padStart(4);
  console.log(`[chaos ${at}s] ${line}`);
}

/** `CHAOS_SCENARIOS=1a,5` runs only the scenarios whose names start with those labels. */
function chosen(): Scenario[] {
  const raw = process.env.CHAOS_SCENARIOS?.trim();
  if (!raw) return SCENARIOS;
  const labels = raw.split(',').map((label) => label.trim());
  return SCENARIOS.filter((s) => labels.some((label) => s.name.startsWith(`${label} `)));
}

let services: ChaosServices | undefined;
let site: FakeSite | undefined;
async function cleanup(): Promise<void> {
  await stopServers();
  await site?.close();
  await services?.stop();
}

async function main(): Promise<number> {
  services = await startChaosServices(say);
  site = await startFakeSite({ host: '127.0.0.1' });
  const rows: Row[] = [];
  for (const scenario of chosen()) {
    say(`${scenario.name}: starting`);
    let row: Row;
    try {
      row = await runScenario(scenario, services, site, say);
    } catch (error) {
      row = emptyRow(scenario.name, {
        failures: [`the scenario could not run: ${errorMessage(error)}`],
      });
    }
    site.clearFaults();
    if (!services.redis.running) await services.redis.start();
    if (!services.mongo.running) await services.mongo.start();
    rows.push(row);
    say(
      `${row.name}: ${row.skipped ? `skipped (${row.skipped})` : row.failures.length ? 'FAIL' : 'pass'}`,
    );
    for (const failure of row.failures) say(`  - ${failure}`);
  }
  console.log(`\n${table(rows)}\n`);
  const failed = rows.filter((row) => row.failures.length > 0);
  say(
    `${rows.length - failed.length} of ${rows.length} scenarios held` +
      ` in ${((performance.now() - startedAt) / 60_000).toFixed(1)} minutes`,
  );
  return failed.length > 0 ? 1 : 0;
}

const watchdog = setTimeout(() => {
  say(`the chaos run took longer than ${WATCHDOG_MS / 60_000} minutes; stopping`);
  void cleanup().finally(() => process.exit(1));
}, WATCHDOG_MS);
watchdog.unref();

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    say(`${signal}: stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}

void main()
  .catch((error: unknown) => {
    console.error(
      `[chaos] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return 1;
  })
  .then(async (code) => {
    await cleanup();
    process.exit(code);
  });
