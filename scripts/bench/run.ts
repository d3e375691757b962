// `npm run bench`: throwaway services, the built api (cache on and off) and a bare Fastify
// baseline, measured side by side in one run; then the scraping part (bare BullMQ against the
// built api + worker scraping the fake site, and the same under injected 503s). Prints the
// tables and rewrites the results section of docs/benchmarks.md. See docs/benchmarks.md for
// what each scenario measures.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

import { provideServices, type ProvidedServices } from '../lib/services';
import { errorMessage, REPO_ROOT } from '../lib/system';
import { runCompressionBench } from './compression';
import { runSoakBench, soakSection, writeSoakSection } from './soak';
import { runTelemetryBench } from './telemetry';
import { stopAllLoad } from './load';
import { fmt, type Report, type TargetLine, terminalReport, writeDoc } from './report';
import { runScrapeBench, type ScrapeReport } from './scrape';
import { describeMongo, type MongoServer } from './server-info';
import { runWebhooksBench, type WebhooksReport } from './webhooks';
import { type GrowthReport, growthSection, runGrowthBench, writeGrowthSection } from './growth';
import { startFakeSite } from '../../test/fixtures/fake-site';
import { type ApiTarget, exitedServers, stopServers } from './servers';
import { runErasureBench } from './erasure';
import { runWritesBench } from './writes';
import { httpPart, type HttpFigures } from './http-part';
import {
  chooseParts,
  chooseScaleConfig,
  chooseScrapeConfig,
  chooseWrites,
  CONFIG,
  growthSizes,
  isDefaultRun,
  type Part,
  SOAK_MINUTES_KNOB,
  soakMinutes,
  writesGrowth,
  writesScale,
} from './knobs';
import {
  elapsedSeconds,
  gitCommit,
  loadAtStart,
  machineFacts,
  otherLoad,
  say,
  serverLine,
} from './machine';
import { runScaleBench, scaleSection, writeScaleSection } from './scale';
import { closeTracked } from './support/resources';
import type { BenchServices } from './support/target';

const COMMAND = 'npm run bench';
const DOC_FILE = path.join(REPO_ROOT, 'docs/benchmarks.md');
const DOC_NAME = path.relative(REPO_ROOT, DOC_FILE);
/** The whole bench is stopped past this, whatever step it is in. */
const WATCHDOG_MS = 30 * 60_000;

let services: ProvidedServices | undefined;
let stopping: Promise<void> | undefined;
/** Set on SIGINT/SIGTERM: the failures that follow (servers going away) are expected. */
let interrupted = false;

/** Stops load, the servers (apis first), then the services; safe to call more than once. */
function cleanup(): Promise<void> {
  stopping ??= (async () => {
    stopAllLoad();
    await closeTracked();
    await stopServers();
    await services
      ?.stop()
      .catch((error: unknown) => say(`stopping services: ${errorMessage(error)}`));
  })();
  return stopping;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupted = true;
    say(`${signal}: stopping load, servers and services`);
    void cleanup().finally(() => process.exit(130));
  });
}

/** What every part of one run shares: the services, the parts chosen, the server described. */
interface Run extends BenchServices {
  parts: Record<Part, boolean>;
  /** The read apis' target: database `scout_bench`, Redis database 0. */
  target: ApiTarget;
  mongo: MongoServer;
  serviceLines: string[];
  commit: Promise<string>;
}

/** Starts the throwaway services and describes the database server. */
async function startRun(): Promise<Run> {
  // Read before anything runs: the build being measured is the tree as it is now.
  const commit = gitCommit();
  const parts = chooseParts();
  const serviceLines: string[] = [];
  services = await provideServices({
    purpose: 'test',
    log: (line) => {
      serviceLines.push(line);
      say(line);
    },
  });
  const secrets = {
    cursorSecret: randomBytes(24).toString('hex'),
    apiKeySecret: randomBytes(24).toString('hex'),
    suppressionSecret: randomBytes(24).toString('hex'),
    ferretdbPostgresqlUrl: services.ferretdbPostgresqlUrl,
  };
  const target: ApiTarget = {
    mongoUri: `${services.mongoUri}/scout_bench`,
    redisUrl: `${services.redisUrl}/0`,
    ...secrets,
  };
  const mongo = await describeMongo(target.mongoUri);
  const base = { mongoUri: services.mongoUri, redisUrl: services.redisUrl, secrets, say };
  return { ...base, parts, target, mongo, serviceLines, commit };
}

/** Adds one part's rows, targets, lines, notes and settings to the read part's. */
function merge(into: HttpFigures, part: Partial<HttpFigures>): void {
  into.load.push(...(part.load ?? []));
  into.writes.push(...(part.writes ?? []));
  into.targets.push(...(part.targets ?? []));
  into.perRound.push(...(part.perRound ?? []));
  into.notes.push(...(part.notes ?? []));
  into.settings.push(...(part.settings ?? []));
}

/** The HTTP parts: reads, writes, compression and telemetry, into one set of figures. */
async function runHttpParts(run: Run): Promise<HttpFigures> {
  const { parts, target, mongoUri } = run;
  const http: HttpFigures = parts.http
    ? await httpPart(target, run.mongo.ferretdb)
    : { settings: [], load: [], writes: [], targets: [], perRound: [], notes: [] };
  if (parts.writes) {
    const { writes, reducedBecause } = chooseWrites(run.mongo.ferretdb);
    say(
      `writes: ${fmt(writes, 0)} profiles per mode and round` +
        (reducedBecause ? ` (reduced: ${reducedBecause})` : ''),
    );
    merge(http, await runWritesBench(target, mongoUri, { ...CONFIG, writes, reducedBecause }, say));
  }
  if (parts.compression) merge(http, await runCompressionBench(target, mongoUri, CONFIG, say));
  if (parts.telemetry) merge(http, await runTelemetryBench(target, mongoUri, CONFIG, say));
  return http;
}

/** The scraping part at the scale the server allows. */
async function runScrapePart(run: Run): Promise<ScrapeReport> {
  const config = chooseScrapeConfig(run.mongo.ferretdb);
  say(
    `scraping: ${config.rawJobs} bare BullMQ jobs × ${config.rawRounds} rounds, ` +
      `${config.scoutJobs} Scout scrapes, ${config.faultJobs} scrapes with 20% 503s` +
      (config.reducedBecause ? ` (reduced: ${config.reducedBecause})` : ''),
  );
  return runScrapeBench({ ...run, config });
}

/** The growth part, with the fake site for its pipeline row. */
async function runGrowthPart(run: Run): Promise<GrowthReport> {
  const sizes = growthSizes();
  say(`growth: ${sizes.map((size) => fmt(size, 0)).join(', ')} profiles`);
  const site = await startFakeSite({ host: '127.0.0.1' });
  try {
    return await runGrowthBench({ ...run, sizes, site });
  } finally {
    await site.close();
  }
}

/** How a section of the doc names the database server and the machine's load. */
async function sectionRun(run: Run, command: string) {
  return {
    command,
    commit: await run.commit,
    server: serverLine(run.serviceLines, run.mongo.description),
    cpus: os.cpus().length,
    loadAtStart,
  };
}

/** The soak part: printed, and its section of the doc rewritten at its default length. */
async function runSoakPart(run: Run): Promise<void> {
  const minutes = soakMinutes();
  extendWatchdog(minutes);
  const soak = await runSoakBench({ ...run, minutes });
  const knobbed = process.env[SOAK_MINUTES_KNOB];
  const command = `${knobbed ? `${SOAK_MINUTES_KNOB}=${minutes} ` : ''}BENCH_PART=soak ${COMMAND}`;
  const section = soakSection(soak, {
    ...(await sectionRun(run, command)),
    otherLoad: otherLoad(),
  });
  console.log(`\n${section}\n`);
  if (!knobbed) {
    await writeSoakSection(DOC_FILE, section);
    say(`wrote the soak section of ${DOC_NAME}`);
  }
}

/** The scale part: printed, and its section of the doc rewritten without knobs. */
async function runScalePart(run: Run): Promise<void> {
  const config = chooseScaleConfig(run.mongo.ferretdb);
  const scale = await runScaleBench({ ...run, config });
  const command = `BENCH_PART=scale ${COMMAND}`;
  const section = scaleSection(scale, {
    ...(await sectionRun(run, command)),
    otherLoad: otherLoad(),
  });
  console.log(`\n${section}\n`);
  if (writesScale) {
    await writeScaleSection(DOC_FILE, section);
    say(`wrote the scale section of ${DOC_NAME}`);
  }
}

/** The scraping part's target: every job succeeds under 20% 503s, within 1.35 requests each. */
function scrapeTargets(scrape: ScrapeReport): TargetLine[] {
  const { fault } = scrape;
  return [
    {
      pass: fault.pass,
      text:
        `with ${fault.injected} injected, every scrape job succeeds and site requests ≤ ` +
        `${fault.maxRequestsPerJob} × jobs: ${fmt(fault.succeeded, 0)} of ${fmt(fault.jobs, 0)} ` +
        `succeeded (${fault.failed} failed, ${fault.unfinished} unfinished), ` +
        `${fmt(fault.requests, 0)} requests = ${fmt(fault.requests / fault.jobs, 3)} × jobs`,
    },
  ];
}

/** (a)'s rounds as lines of the "every round" block. */
function rawRoundLines(scrape: ScrapeReport | undefined): string[] {
  return (scrape?.raw.seconds ?? []).map(
    (seconds, i) =>
      `round ${i + 1}  (a) bare BullMQ, ${scrape?.raw.jobs ?? 0} no-op jobs`.padEnd(46) +
      `${fmt(seconds, 2).padStart(7)} s  ${fmt((scrape?.raw.jobs ?? 0) / seconds, 0).padStart(7)} jobs/s`,
  );
}

/** Everything the results section shows. */
async function buildReport(
  run: Run,
  http: HttpFigures,
  scrape: ScrapeReport | undefined,
  webhooks: WebhooksReport | undefined,
): Promise<Report> {
  return {
    generatedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command: COMMAND,
    commit: await run.commit,
    machine: machineFacts(run.serviceLines, run.mongo.description),
    ...http,
    targets: [...http.targets, ...(scrape ? scrapeTargets(scrape) : [])],
    perRound: [...http.perRound, ...rawRoundLines(scrape)],
    notes: [...http.notes, ...(scrape?.notes ?? []), ...(webhooks?.notes ?? [])],
    scrape,
    wallSeconds: elapsedSeconds(),
  };
}

/** Prints the growth table and rewrites its section when the part ran at its own sizes. */
async function reportGrowth(run: Run, growth: GrowthReport, wallSeconds: number): Promise<void> {
  const command = isDefaultRun ? COMMAND : `BENCH_PART=growth ${COMMAND}`;
  const section = growthSection(growth, {
    ...(await sectionRun(run, command)),
    seconds: wallSeconds,
  });
  console.log(`\n${section}\n`);
  if (writesGrowth) {
    await writeGrowthSection(DOC_FILE, section);
    say(`wrote the growth section of ${DOC_NAME}`);
  }
}

async function main(): Promise<void> {
  const run = await startRun();
  const { parts } = run;
  const http = await runHttpParts(run);
  if (parts.erasure) await runErasureBench(run.target, run.mongoUri, say);
  const scrape = parts.scrape ? await runScrapePart(run) : undefined;
  const growth = parts.growth ? await runGrowthPart(run) : undefined;
  if (parts.soak) await runSoakPart(run);
  if (parts.scale) await runScalePart(run);
  const webhooks = parts.webhooks ? await runWebhooksBench(run) : undefined;
  const report = await buildReport(run, http, scrape, webhooks);
  if (parts.http || parts.compression || parts.telemetry || parts.scrape || parts.webhooks) {
    console.log(`\n${terminalReport(report)}\n\n${report.notes.join('\n')}\n`);
  }
  if (growth) await reportGrowth(run, growth, report.wallSeconds);
  if (isDefaultRun) {
    await writeDoc(DOC_FILE, report);
    say(`wrote ${DOC_NAME}`);
  } else {
    say(`left the results section of ${DOC_NAME} alone: BENCH_* knobs are set`);
  }
  say(`done in ${fmt(report.wallSeconds / 60, 1)} minutes`);
}

let watchdog = setTimeout(stopLateBench, WATCHDOG_MS);
watchdog.unref();

function stopLateBench(): void {
  say(`the bench ran longer than planned; stopping`);
  void cleanup().finally(() => process.exit(1));
}

/** Gives the soak its own minutes on top of the watchdog's usual limit. */
function extendWatchdog(minutes: number): void {
  clearTimeout(watchdog);
  watchdog = setTimeout(stopLateBench, WATCHDOG_MS + minutes * 60_000);
  watchdog.unref();
}

void main()
  .then(
    () => cleanup().then(() => 0),
    async (error: unknown) => {
      if (interrupted) return cleanup().then(() => 130);
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.error(`[bench] FAILED: ${message}`);
      for (const line of exitedServers()) console.error(`[bench] ${line}`);
      await cleanup();
      return 1;
    },
  )
  .then((code) => process.exit(code));
