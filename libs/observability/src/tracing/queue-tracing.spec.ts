import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { installErrorSink } from '../error-tracking/error-sink';
import { reportError, reportRequestError } from '../error-tracking/error-reporter';
import { readTraceCarrier, type TraceCarrier, traceEnqueue, traceJob } from './queue-tracing';
import { activeTraceIds, markTracingStarted, stopTracing, tracingEnabled } from './tracing-state';

type Captured = { error: unknown; tags: Record<string, string> };

function captureErrors(): Captured[] {
  const captured: Captured[] = [];
  installErrorSink({
    capture: (error, tags) => captured.push({ error, tags }),
    flush: async () => undefined,
  });
  return captured;
}

const requestLike = (headers: Record<string, string>) =>
  ({ id: 'req-9', headers, routeOptions: { url: '/v1/profiles/:id' } }) as never;

describe('queue tracing and error reports with tracing off', () => {
  it('enqueues without a carrier and runs jobs without touching tracing', async () => {
    expect(tracingEnabled()).toBe(false);
    const seen: Array<TraceCarrier | undefined> = [];
    await traceEnqueue('scrape', 'scrape-profile', async (carrier) => seen.push(carrier));
    expect(seen).toEqual([undefined]);
    await expect(traceJob({ queue: 'scrape', name: 'x', attempt: 1 }, async () => 7)).resolves.toBe(
      7,
    );
    expect(activeTraceIds()).toBeUndefined();
  });

  it("tags a request's error with its id, route template and the caller's trace id", () => {
    const captured = captureErrors();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    reportRequestError(
      new Error('x'),
      requestLike({ traceparent: `00-${traceId}-00f067aa0ba902b7-01` }),
    );
    reportRequestError(new Error('y'), requestLike({ traceparent: 'garbage' }));
    expect(captured.map((c) => c.tags)).toEqual([
      { requestId: 'req-9', route: '/v1/profiles/:id', traceId },
      { requestId: 'req-9', route: '/v1/profiles/:id' },
    ]);
  });
});

describe('readTraceCarrier', () => {
  it.each([
    ['nothing', undefined, undefined],
    ['a bare string', '00-abc', undefined],
    ['a non-string traceparent', { traceparent: 42 }, undefined],
    ['an oversized traceparent', { traceparent: 'x'.repeat(200) }, undefined],
    ['a traceparent', { traceparent: '00-a-b-01' }, { traceparent: '00-a-b-01' }],
    [
      'a traceparent and tracestate, dropping other keys',
      { traceparent: '00-a-b-01', tracestate: 'k=v', other: 1 },
      { traceparent: '00-a-b-01', tracestate: 'k=v' },
    ],
  ])('reads %s', (_label, input, expected) => {
    expect(readTraceCarrier(input)).toEqual(expected);
  });
});

describe('queue tracing with tracing on', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

  beforeAll(() => {
    provider.register();
    markTracingStarted({ shutdown: () => provider.shutdown() });
  });

  afterAll(async () => {
    await stopTracing();
    trace.disable();
  });

  beforeEach(() => exporter.reset());

  it('carries the trace from the enqueueing request into the job and its work', async () => {
    const tracer = trace.getTracer('test');
    let carrier: TraceCarrier | undefined;
    await tracer.startActiveSpan('POST /v1/scrape-jobs', async (request) => {
      await traceEnqueue('scrape', 'scrape-profile', async (c) => {
        carrier = c;
      });
      request.end();
    });
    expect(carrier?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    // Later, in the worker: no active context, only the carrier from the job's data.
    const inside = await traceJob(
      { queue: 'scrape', name: 'scrape-profile', id: 'j1', attempt: 1, carrier },
      async () => {
        tracer.startSpan('GET').end();
        return activeTraceIds();
      },
    );

    const spans = exporter.getFinishedSpans();
    const byName = (name: string) => spans.find((s) => s.name === name);
    const request = byName('POST /v1/scrape-jobs');
    const publish = byName('publish scrape');
    const process = byName('process scrape');
    const fetch = byName('GET');
    expect(publish?.kind).toBe(SpanKind.PRODUCER);
    expect(process?.kind).toBe(SpanKind.CONSUMER);
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);
    expect(publish?.parentSpanContext?.spanId).toBe(request?.spanContext().spanId);
    expect(process?.parentSpanContext?.spanId).toBe(publish?.spanContext().spanId);
    expect(fetch?.parentSpanContext?.spanId).toBe(process?.spanContext().spanId);
    expect(process?.attributes).toMatchObject({
      'messaging.system': 'bullmq',
      'messaging.destination.name': 'scrape',
      'messaging.message.id': 'j1',
    });
    expect(inside?.traceId).toBe(request?.spanContext().traceId);
  });

  it('starts a new trace for a job without a carrier, whatever span happens to be active', async () => {
    const tracer = trace.getTracer('test');
    await tracer.startActiveSpan('queue client work', async (ambient) => {
      await traceJob({ queue: 'maintenance', name: 'maintenance', attempt: 1 }, async () => 1);
      ambient.end();
    });
    const process = exporter.getFinishedSpans().find((s) => s.name === 'process maintenance');
    const ambient = exporter.getFinishedSpans().find((s) => s.name === 'queue client work');
    expect(process?.parentSpanContext).toBeUndefined();
    expect(process?.spanContext().traceId).not.toBe(ambient?.spanContext().traceId);
  });

  it('marks a failed job run as an error, but not an expected control-flow error', async () => {
    class Deferred extends Error {}
    const job = { queue: 'scrape', name: 'scrape-profile', attempt: 1 };
    await expect(traceJob(job, async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    await expect(
      traceJob(
        job,
        async () => Promise.reject(new Deferred('later')),
        (error) => error instanceof Deferred,
      ),
    ).rejects.toThrow('later');
    const [failed, deferred] = exporter.getFinishedSpans();
    expect(failed.status.code).toBe(SpanStatusCode.ERROR);
    expect(deferred.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('tags an error reported inside a trace with that trace id, over a caller-sent one', async () => {
    const captured = captureErrors();
    await traceJob({ queue: 'scrape', name: 'scrape-profile', attempt: 2 }, async () => {
      reportError(new Error('final'), { job: 'scrape-profile', jobId: 'j2', traceId: 'caller' });
    });
    const [process] = exporter.getFinishedSpans();
    expect(captured[0].tags).toEqual({
      job: 'scrape-profile',
      jobId: 'j2',
      traceId: process.spanContext().traceId,
    });
  });
});
