import { Writable } from 'node:stream';
import { trace } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { AppConfig } from '@scout/config';
import { createRootLogger } from './logger.factory';
import { markTracingStarted, stopTracing } from './tracing/tracing-state';

type Line = Record<string, unknown>;

function collect(): { stream: Writable; lines: Line[] } {
  const lines: Line[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const text of chunk.toString().split('\n')) {
        if (text) lines.push(JSON.parse(text) as Line);
      }
      callback();
    },
  });
  return { stream, lines };
}

const settings: Pick<AppConfig, 'log' | 'app'> = {
  log: { level: 'info', pretty: false },
  app: { name: 'scout', env: 'test' },
};

describe('trace ids on log lines', () => {
  const provider = new NodeTracerProvider();

  afterAll(async () => {
    await stopTracing();
    trace.disable();
  });

  it('are absent while tracing is off, even inside a span', () => {
    provider.register();
    const { stream, lines } = collect();
    const logger = createRootLogger(settings, stream);
    trace.getTracer('test').startActiveSpan('work', (span) => {
      logger.info('inside');
      span.end();
    });
    expect(lines[0]).not.toHaveProperty('trace_id');
    expect(lines[0]).not.toHaveProperty('span_id');
  });

  it('carry the active span with tracing on, and nothing outside a span', () => {
    markTracingStarted({ shutdown: () => provider.shutdown() });
    const { stream, lines } = collect();
    const logger = createRootLogger(settings, stream);
    let ids: { traceId: string; spanId: string } | undefined;
    trace.getTracer('test').startActiveSpan('work', (span) => {
      ids = span.spanContext();
      logger.child({ requestId: 'r1' }).info('inside');
      span.end();
    });
    logger.info('outside');
    expect(lines[0]).toMatchObject({
      requestId: 'r1',
      trace_id: ids?.traceId,
      span_id: ids?.spanId,
    });
    expect(lines[1]).not.toHaveProperty('trace_id');
  });
});
