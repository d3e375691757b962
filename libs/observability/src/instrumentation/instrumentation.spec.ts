import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** Packages the tracing SDK must patch, so none may be loaded before it starts. */
const INSTRUMENTED = ['fastify', 'mongodb', 'mongoose', 'ioredis', 'bullmq', '@nestjs/core'];
const SDKS = ['@opentelemetry/sdk-trace-node', '@sentry/'];

/**
 * Loads the instrumentation entry in a fresh process, as `main.ts` does first, and lists the
 * packages that were loaded by then.
 */
function loadedAfterInstrument(env: Record<string, string>): string[] {
  const script = `
    require('./libs/observability/src/instrumentation').instrument('scout-api');
    const loaded = Object.keys(require.cache)
      .map((file) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(file)?.[1])
      .filter(Boolean);
    process.stdout.write(JSON.stringify([...new Set(loaded)]));
  `;
  const out = execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', script], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      MONGODB_URI: 'mongodb://127.0.0.1:9/scout',
      REDIS_URL: 'redis://127.0.0.1:9/0',
      SCOUT_CONFIG_DIR: join(ROOT, 'config'),
      ...env,
    },
    encoding: 'utf8',
  });
  return JSON.parse(out) as string[];
}

const matching = (loaded: string[], names: string[]) =>
  loaded.filter((pkg) => names.some((name) => pkg === name || pkg.startsWith(name)));

describe('the instrumentation entry', () => {
  jest.setTimeout(30_000);

  it('loads no SDK at all when neither tracing nor error tracking is configured', () => {
    const loaded = loadedAfterInstrument({});
    // The API alone (no-op without an SDK) is all that tracing code references.
    expect(matching(loaded, [...SDKS, '@opentelemetry/'])).toEqual(['@opentelemetry/api']);
    expect(matching(loaded, INSTRUMENTED)).toEqual([]);
  });

  it('starts tracing before any instrumented package is loaded', () => {
    const loaded = loadedAfterInstrument({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
    expect(loaded).toContain('@opentelemetry/sdk-trace-node');
    expect(matching(loaded, ['@sentry/'])).toEqual([]);
    expect(matching(loaded, INSTRUMENTED)).toEqual([]);
  });

  it('starts Sentry, next to tracing, still before the database and queue clients load', () => {
    const loaded = loadedAfterInstrument({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
      SENTRY_DSN: 'http://publickey@127.0.0.1:9/1',
    });
    expect(loaded).toContain('@sentry/nestjs');
    expect(matching(loaded, ['fastify', 'mongodb', 'mongoose', 'ioredis', 'bullmq'])).toEqual([]);
  });
});
