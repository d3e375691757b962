import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type FakeSite, startFakeSite } from '../fixtures/fake-site';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { type AppProcess, freePort, startApp, waitForListening } from '../support/app-process';
import { uniquePublicId } from '../support/factories';
import { startOtlpReceiver } from '../support/otlp-receiver';
import { type SentryReceiver, startSentryReceiver } from '../support/sentry-receiver';
import { REPO_ROOT } from '../support/test-env';
import { waitFor } from '../support/wait';

jest.setTimeout(120_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

const WORKER_ENTRY = join(REPO_ROOT, 'apps/worker/src/main.ts');

/**
 * Error tracking as deployed: Sentry starts before Nest in real api and worker processes (tracing
 * off, so Sentry works on its own), and a local server stands in for Sentry's ingestion.
 */
describe('error tracking with Sentry', () => {
  let site: FakeSite;
  let setup: ApiHarness;
  let sentry: SentryReceiver;
  let env: Record<string, string>;

  beforeAll(async () => {
    site = await startFakeSite();
    // In-process to sync indexes, mint a key and enqueue jobs (two attempts each); processes
    // started from its env share its database and queues.
    setup = await startApiHarness({
      SCRAPER_BASE_URL: site.url,
      QUEUE_JOB_ATTEMPTS: '2',
      SCRAPER_MAX_ATTEMPTS: '1',
    });
  });

  beforeEach(async () => {
    sentry = await startSentryReceiver();
    env = {
      ...setup.env,
      SENTRY_DSN: sentry.dsn,
      SENTRY_ENVIRONMENT: 'e2e',
      SENTRY_RELEASE: 'scout@e2e',
    };
  });

  afterEach(async () => {
    await sentry.close();
  });

  afterAll(async () => {
    await setup?.close();
    await site?.close();
  });

  it('an unexpected 500 sends one scrubbed event with requestId, traceId and route; 4xx and 503 send none', async () => {
    const api: AppProcess = await startApp(env);
    try {
      await waitForListening(api);
      const base = `http://127.0.0.1:${api.port}`;
      const apiKey = setup.apiKey ?? '';
      const callerTraceId = randomBytes(16).toString('hex');
      const crash = await fetch(`${base}/v1/test/boom?email=ada%40example.com`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': apiKey,
          cookie: 'session=cookie-value-1234',
          traceparent: `00-${callerTraceId}-${randomBytes(8).toString('hex')}-01`,
        },
        body: JSON.stringify({ fullName: 'Ada Lovelace', headline: 'Analytical Engine designer' }),
      });
      expect(crash.status).toBe(500);
      const requestId = crash.headers.get('x-request-id');

      const missing = await fetch(`${base}/v1/no-such-route`, { headers: { 'x-api-key': apiKey } });
      expect(missing.status).toBe(404);
      const invalid = await fetch(`${base}/v1/test/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: '' }),
      });
      expect(invalid.status).toBe(400);
      const unavailable = await fetch(`${base}/v1/test/unavailable`);
      expect(unavailable.status).toBe(503);

      // SIGTERM flushes what is still queued before the process exits.
      api.child.kill('SIGTERM');
      expect(await api.exited).toBe(0);

      expect(sentry.events).toHaveLength(1);
      const [event] = sentry.events;
      // Tracing is off here: the trace id is the one the caller sent.
      expect(event.tags).toMatchObject({
        requestId,
        route: '/v1/test/boom',
        service: 'scout-api',
        traceId: callerTraceId,
      });
      expect(event.environment).toBe('e2e');
      expect(event.release).toBe('scout@e2e');
      expect(event.exception.values[0]).toMatchObject({ type: 'TypeError' });

      const everything = sentry.raw.join('\n');
      for (const secret of [
        apiKey,
        'cookie-value-1234',
        'Ada Lovelace',
        'Analytical Engine',
        'ada%40example.com',
        'ada@example.com',
      ]) {
        expect(everything).not.toContain(secret);
      }
    } finally {
      await api.stop();
    }
  });

  it('a crash (an uncaught exception) is sent before the process exits with status 1', async () => {
    const api: AppProcess = await startApp(env);
    try {
      await waitForListening(api);
      const answer = await fetch(`http://127.0.0.1:${api.port}/v1/test/crash`, { method: 'POST' });
      expect(answer.status).toBe(202);
      expect(await api.exited).toBe(1);
      expect(sentry.events).toHaveLength(1);
      const [event] = sentry.events;
      expect(event.level).toBe('fatal');
      expect(event.tags).toMatchObject({ service: 'scout-api' });
      expect(event.exception.values[0]).toMatchObject({
        type: 'RangeError',
        mechanism: { type: 'auto.node.onuncaughtexception', handled: false },
      });
    } finally {
      await api.stop();
    }
  });

  it('a scrape job that fails for good sends one event after its last attempt, none per retry', async () => {
    // With tracing on as well: the event carries the id of the job's trace.
    const otlp = await startOtlpReceiver();
    const port = String(await freePort());
    const worker = await startApp(
      { ...env, WORKER_PORT: port, PORT: port, OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url },
      WORKER_ENTRY,
    );
    try {
      await waitForListening(worker);
      const publicId = uniquePublicId('unlucky');
      site.setFault(publicId, { status: 503 });
      const created = await setup.app.inject({
        method: 'POST',
        url: '/v1/scrape-jobs',
        payload: { profile: publicId },
      });
      expect(created.statusCode).toBe(202);
      const job = created.json<Json>();
      // Out of attempts on a retryable failure: a dead letter.
      const dead = await waitFor(
        async () => {
          const current = (
            await setup.app.inject({ method: 'GET', url: `/v1/scrape-jobs/${job.id}` })
          ).json<Json>();
          return current.status === 'dead' ? current : undefined;
        },
        30_000,
        'the job to fail for good',
      );
      expect(site.requests(publicId)).toBe(2);
      expect(dead.error.code).toBe('TRANSIENT');

      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);

      expect(sentry.events).toHaveLength(1);
      expect(sentry.events[0].tags).toMatchObject({
        service: 'scout-worker',
        job: 'scrape-profile',
        jobId: job.id,
        code: 'TRANSIENT',
      });
      const { traceId } = sentry.events[0].tags;
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(otlp.spans.some((s) => s.traceId === traceId && s.kind === 5)).toBe(true);
      expect(sentry.raw.join('\n')).not.toContain(publicId);
    } finally {
      site.clearFaults();
      await worker.stop();
      await otlp.close();
    }
  });
});
