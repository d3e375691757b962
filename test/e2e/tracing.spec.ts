import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type components, createScoutClient, type ScoutClient } from '@scout/client';
import { type FakeSite, startFakeSite } from '../fixtures/fake-site';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { type AppProcess, freePort, startApp, waitForListening } from '../support/app-process';
import { uniquePublicId } from '../support/factories';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '../support/otlp-receiver';
import { REPO_ROOT } from '../support/test-env';
import { waitFor } from '../support/wait';

jest.setTimeout(120_000);

type ScrapeJob = components['schemas']['ScrapeJobDto'];

const WORKER_ENTRY = join(REPO_ROOT, 'apps/worker/src/main.ts');
const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

/**
 * Tracing as deployed: the api and the worker run as real processes (instrumentation has to
 * patch modules before they load) and export OTLP/HTTP protobuf to a local collector.
 */
describe('tracing across the api, the queue and the worker', () => {
  let site: FakeSite;
  let setup: ApiHarness;
  let receiver: OtlpReceiver;
  let api: AppProcess;
  let worker: AppProcess;
  let client: ScoutClient;

  beforeAll(async () => {
    site = await startFakeSite();
    receiver = await startOtlpReceiver();
    // In-process only to sync indexes and mint a key in the shared database; it serves nothing.
    setup = await startApiHarness({ SCRAPER_BASE_URL: site.url });
    const env = {
      ...setup.env,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      LOG_LEVEL: 'info',
    };
    api = await startApp(env);
    const workerPort = String(await freePort());
    worker = await startApp({ ...env, WORKER_PORT: workerPort, PORT: workerPort }, WORKER_ENTRY);
    await Promise.all([waitForListening(api), waitForListening(worker)]);
    client = createScoutClient({ baseUrl: `http://127.0.0.1:${api.port}`, apiKey: setup.apiKey });
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await setup?.close();
    await receiver?.close();
    await site?.close();
  });

  async function scrape(headers: Record<string, string> = {}): Promise<{
    job: ScrapeJob;
    response: Response;
  }> {
    const { data: job, response } = await client.POST('/v1/scrape-jobs', {
      body: { profile: uniquePublicId('traced') },
      headers,
    });
    expect(response.status).toBe(202);
    if (!job) throw new Error('POST /v1/scrape-jobs answered no job');
    await waitFor(
      async () => {
        const { data: current } = await client.GET('/v1/scrape-jobs/{id}', {
          params: { path: { id: job.id } },
        });
        return current?.status === 'succeeded' ? true : undefined;
      },
      30_000,
      'the scrape job to succeed',
    );
    return { job, response };
  }

  const spansOf = (traceId: string): ReceivedSpan[] =>
    receiver.spans.filter((span) => span.traceId === traceId);

  it('one POST /v1/scrape-jobs is one trace: request, enqueue, processing, fetch and MongoDB write', async () => {
    const callerTraceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const { job, response } = await scrape({
      traceparent: `00-${callerTraceId}-${callerSpanId}-01`,
    });
    // The job records the trace of the request that created it, and which key asked.
    expect(job.traceId).toBe(callerTraceId);
    expect(job.requestedBy).toMatch(/^api-key:[0-9a-f]{24}$/);

    // The caller's trace id is honoured and handed back with the server span's id.
    const traceresponse = response.headers.get('traceresponse');
    expect(traceresponse).toMatch(new RegExp(`^00-${callerTraceId}-[0-9a-f]{16}-01$`));

    // The batch exporter sends every few seconds; wait for the worker's last spans too.
    const spans = await waitFor(
      () => {
        const found = spansOf(callerTraceId);
        const done =
          found.some((s) => s.service === 'scout-worker' && s.kind === CONSUMER) &&
          found.some((s) => s.service === 'scout-worker' && s.kind === CLIENT) &&
          found.some((s) => s.service === 'scout-api' && s.kind === SERVER);
        return done ? found : undefined;
      },
      30_000,
      'the spans of the trace',
    );

    const request = spans.find((s) => s.service === 'scout-api' && s.kind === SERVER);
    expect(request).toBeDefined();
    expect(request?.parentSpanId).toBe(callerSpanId);
    expect(traceresponse).toContain(request?.spanId);

    const enqueue = spans.find((s) => s.service === 'scout-api' && s.kind === PRODUCER);
    expect(enqueue?.attributes['messaging.destination.name']).toBe('scrape');

    const processing = spans.find((s) => s.service === 'scout-worker' && s.kind === CONSUMER);
    expect(processing?.parentSpanId).toBe(enqueue?.spanId);

    const fetchSpan = spans.find(
      (s) =>
        s.service === 'scout-worker' &&
        s.kind === CLIENT &&
        String(s.attributes['url.full'] ?? '').startsWith(`${site.url}/in/`),
    );
    expect(fetchSpan).toBeDefined();

    const mongoWrites = spans.filter(
      (s) =>
        (s.attributes['db.system'] === 'mongodb' || s.attributes['db.system.name'] === 'mongodb') &&
        /insert|update|findAndModify|bulkWrite/i.test(s.name),
    );
    expect(mongoWrites.length).toBeGreaterThan(0);
    expect(mongoWrites.some((s) => s.service === 'scout-worker')).toBe(true);

    // Every span of both processes for this request carries the caller's trace id, nothing else.
    const services = new Set(spans.map((s) => s.service));
    expect([...services].sort()).toEqual(['scout-api', 'scout-worker']);

    // Log lines written inside the trace carry its ids.
    const workerLines = worker
      .logLines()
      .filter((line) => line.msg === 'scrape succeeded' && line.trace_id === callerTraceId);
    expect(workerLines).toHaveLength(1);
    expect(workerLines[0].span_id).toMatch(/^[0-9a-f]{16}$/);
    const apiLines = api
      .logLines()
      .filter((line) => line.route === '/v1/scrape-jobs' && line.msg === 'request completed');
    expect(apiLines.map((line) => line.trace_id)).toContain(callerTraceId);
  });

  it('without a caller traceparent a new trace starts, is returned, and the worker joins it', async () => {
    const { response } = await scrape();
    const traceresponse = response.headers.get('traceresponse') ?? '';
    const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(traceresponse);
    expect(match).not.toBeNull();
    const traceId = match?.[1] ?? '';
    const consumer = await waitFor(
      () => spansOf(traceId).find((s) => s.service === 'scout-worker' && s.kind === CONSUMER),
      30_000,
      'the worker span of the new trace',
    );
    expect(consumer.traceId).toBe(traceId);
  });

  it('leaves probes out of the traces', async () => {
    const { response: probe } = await client.GET('/health/live');
    expect(probe.status).toBe(200);
    expect(probe.headers.get('traceresponse')).toBeNull();
  });
});
