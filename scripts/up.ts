// `npm run up`: Mongo and Redis (see scripts/lib/services.ts), the build, then the api and the
// worker in the foreground with prefixed output, restarted with backoff when they crash. The
// settings the apps got are published in .data/env for `npm run cli`. Ctrl-C stops the apps,
// then the services.
import path from 'node:path';

import { ENV_BINDINGS } from '@scout/config';

import { writeDevEnv } from './lib/dev-env';
import { lastLines, run } from './lib/processes';
import { DEV_DATA_DIR, provideServices, type ProvidedServices } from './lib/services';
import { Supervisor } from './lib/supervisor';
import { errorMessage, REPO_ROOT } from './lib/system';
import { type FakeSite, startFakeSite } from '../test/fixtures/fake-site';

const startedAt = Date.now();
const apiPort = process.env.PORT || '3000';
const workerPort = process.env.WORKER_PORT || '3001';

const STEP_TIMEOUT_MS = 10 * 60_000;
const READY_TIMEOUT_MS = 60_000;
const APP_STOP_GRACE_MS = 15_000;

/** Run in order after the services are up, with the apps' environment. One line per step. */
const STEPS: ReadonlyArray<{ label: string; command: string; args: string[] }> = [
  { label: 'build', command: 'npm', args: ['run', 'build'] },
  { label: 'indexes', command: 'npm', args: ['run', 'db:indexes'] },
];

/** The built CLI and every scope, for the development key printed once the apps are ready. */
const CLI = 'dist/apps/api/src/cli.js';
const ALL_SCOPES = 'profiles:read,profiles:write,scrape:write,admin';

const APPS: ReadonlyArray<{ name: string; script: string; port: string }> = [
  { name: 'api', script: 'dist/apps/api/src/main.js', port: apiPort },
  { name: 'worker', script: 'dist/apps/worker/src/main.js', port: workerPort },
];

/** Read by `npm run cli` through scripts/with-dev-env.sh; see docs/local-services.md. */
const DEV_ENV_FILE = path.join(DEV_DATA_DIR, 'env');

let services: ProvidedServices | undefined;
let fakeSite: FakeSite | undefined;
const apps: Supervisor[] = [];
let removeDevEnv = (): void => undefined;
let shuttingDown = false;

function say(line: string): void {
  console.log(`[up] ${line}`);
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** Stops the apps (SIGTERM, up to 15 s), then the services, and exits with `code`. */
async function shutdown(code: number, reason: string): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  if (code === 0) say(reason);
  else console.error(`[up] ${reason}`);
  removeDevEnv();
  await Promise.all(apps.map((app) => app.stop()));
  await services?.stop().catch((error: unknown) => console.error(`[up] ${errorMessage(error)}`));
  await fakeSite?.close();
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (shuttingDown)
      say(`${signal} again: still stopping (at most ${APP_STOP_GRACE_MS / 1000} s)`);
    else void shutdown(0, `${signal}: stopping the apps, then the services`);
  });
}

/** Polls the app's /health/ready until it answers 200; false when it gave up or we are stopping. */
async function waitForReady(name: string, port: string, deadline: number): Promise<boolean> {
  const url = `http://127.0.0.1:${port}/health/ready`;
  let last: string;
  while (!shuttingDown) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return true;
      last = `HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`;
    } catch (error) {
      last = errorMessage(error);
    }
    if (Date.now() >= deadline) {
      void shutdown(
        1,
        `${name} was not ready within ${READY_TIMEOUT_MS / 1000} s (${url}: ${last}); stopping`,
      );
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

async function main(): Promise<void> {
  services = await provideServices({ purpose: 'dev', log: say });
  if (shuttingDown) return;
  // Without a configured profile site, scrape the bundled fake one, so the flow works offline.
  let scraperBaseUrl = process.env.SCRAPER_BASE_URL;
  if (!scraperBaseUrl) {
    fakeSite = await startFakeSite({ port: Number(process.env.FAKE_SITE_PORT || 4010) });
    scraperBaseUrl = fakeSite.url;
    say(`scrape target: the fake profile site on ${fakeSite.url} (set SCRAPER_BASE_URL to change)`);
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SCRAPER_BASE_URL: scraperBaseUrl,
    NODE_ENV: process.env.NODE_ENV || 'development',
    MONGODB_URI: `${services.mongoUri}/scout`,
    REDIS_URL: `${services.redisUrl}/0`,
    ...(services.ferretdbPostgresqlUrl
      ? { FERRETDB_POSTGRESQL_URL: services.ferretdbPostgresqlUrl }
      : {}),
    PORT: apiPort,
    WORKER_PORT: workerPort,
    // The apps write to our pipes, not the terminal: keep their colours if we have a terminal.
    ...(process.stdout.isTTY && !process.env.NO_COLOR ? { FORCE_COLOR: '1' } : {}),
  };

  for (const step of STEPS) {
    say(`${step.label}: ${step.command} ${step.args.join(' ')}`);
    const result = await run(step.command, step.args, {
      cwd: REPO_ROOT,
      env,
      stdio: 'inherit',
      timeoutMs: STEP_TIMEOUT_MS,
    });
    if (shuttingDown) return;
    if (result.code !== 0) {
      const how = result.timedOut ? 'timed out' : (result.error ?? `exit code ${result.code}`);
      return shutdown(1, `${step.label} failed (${how}); stopping`);
    }
  }

  removeDevEnv = writeDevEnv(DEV_ENV_FILE, cliSettings(env));
  say(
    `settings for \`npm run cli\` in another terminal: ${path.relative(REPO_ROOT, DEV_ENV_FILE)}`,
  );

  for (const { name, script } of APPS) {
    const app = new Supervisor({
      child: {
        name,
        command: process.execPath,
        args: [script],
        cwd: REPO_ROOT,
        env,
        // Own process group: Ctrl-C reaches only us, and we stop the apps before the services.
        detached: true,
        onLine: (line, stream) =>
          (stream === 'stderr' ? process.stderr : process.stdout).write(`[${name}] ${line}\n`),
      },
      log: say,
      stopGraceMs: APP_STOP_GRACE_MS,
    });
    apps.push(app);
    app.start();
  }

  const deadline = Date.now() + READY_TIMEOUT_MS;
  const ready = await Promise.all(APPS.map((app) => waitForReady(app.name, app.port, deadline)));
  if (ready.every(Boolean) && !shuttingDown) {
    say(
      `Scout is ready: api http://localhost:${apiPort} (docs /docs), ` +
        `worker health http://localhost:${workerPort}/health/ready (${seconds(startedAt)} since start)`,
    );
    if (env.NODE_ENV === 'development') await printDevelopmentKey(env);
  }
}

/**
 * What the apps were given that a CLI in another terminal needs to act on the same data: every
 * Scout setting in their environment (the chosen URIs and ports, and whatever the user exported).
 */
function cliSettings(env: NodeJS.ProcessEnv): Record<string, string> {
  const names = ['SCOUT_CONFIG_DIR', ...ENV_BINDINGS.map((binding) => binding.env)];
  const settings: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value !== undefined) settings[name] = value;
  }
  return settings;
}

/**
 * Every /v1 route needs an API key: make one with all scopes through the CLI (as an operator
 * would) and show it with a request to paste. A new key per run; the CLI lists and revokes.
 */
async function printDevelopmentKey(env: NodeJS.ProcessEnv): Promise<void> {
  const args = [
    CLI,
    'api-keys',
    'create',
    '--name',
    'npm run up',
    '--scopes',
    ALL_SCOPES,
    '--json',
  ];
  const result = await run(process.execPath, args, { cwd: REPO_ROOT, env, timeoutMs: 30_000 });
  let key: string | undefined;
  try {
    key = (JSON.parse(result.stdout) as { key?: string }).key;
  } catch {
    key = undefined;
  }
  if (result.code !== 0 || !key) {
    console.error(`[up] could not create a development API key: ${lastLines(result.stderr, 5)}`);
    return;
  }
  say(`API key for development (all scopes; shown once, not stored): ${key}`);
  say(`try: curl -H "Authorization: Bearer ${key}" http://localhost:${apiPort}/v1/profiles`);
  say('manage keys: npm run cli -- api-keys list | create | revoke (see docs/authentication.md)');
}

void main().catch((error: unknown) => shutdown(1, errorMessage(error)));
