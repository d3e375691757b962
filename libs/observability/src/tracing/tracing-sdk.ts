import type { ServerResponse } from 'node:http';
import { FastifyOtelInstrumentation } from '@fastify/otel';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { TracingHandle } from './tracing-state';

/** Response header carrying the server span's W3C trace context back to the caller. */
const TRACE_RESPONSE_HEADER = 'traceresponse';

/** What the SDK needs to know; taken from the validated settings by the instrumentation entry. */
export interface TracingOptions {
  serviceName: string;
  serviceVersion: string;
  environment: string;
  otlpEndpoint: string;
  sampleRatio: number;
}

/** Probe and scrape traffic would drown the traces that matter. */
function isOperationalPath(url: string | undefined): boolean {
  return url !== undefined && (url.startsWith('/health') || url.startsWith('/metrics'));
}

function isServerResponse(value: unknown): value is ServerResponse {
  return typeof (value as ServerResponse).setHeader === 'function';
}

/**
 * Starts OpenTelemetry for this process: W3C trace context in and out, a parent-based ratio
 * sampler, OTLP/HTTP protobuf export in batches, and instrumentation of incoming and outgoing
 * HTTP, fetch (undici), Fastify routes, the MongoDB driver and ioredis. Must run before those
 * modules are loaded, which is why only the instrumentation entry imports this file.
 */
export function startTracingSdk(options: TracingOptions): TracingHandle {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName,
      [ATTR_SERVICE_VERSION]: options.serviceVersion,
      'deployment.environment.name': options.environment,
    }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.sampleRatio) }),
    spanProcessors: [
      new BatchSpanProcessor(
        new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/+$/, '')}/v1/traces` }),
      ),
    ],
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => isOperationalPath(request.url),
        responseHook: (span, response) => {
          // Outgoing calls get an IncomingMessage here; only our own responses carry the header.
          if (!isServerResponse(response) || response.headersSent) return;
          const { traceId, spanId, traceFlags } = span.spanContext();
          const flags = traceFlags.toString(16).padStart(2, '0');
          response.setHeader(TRACE_RESPONSE_HEADER, `00-${traceId}-${spanId}-${flags}`);
        },
      }),
      new UndiciInstrumentation(),
      new FastifyOtelInstrumentation({
        registerOnInitialization: true,
        // One span per request with its route; per-hook and handler spans cost more than they tell.
        instrumentHooks: false,
        instrumentHandler: false,
        ignorePaths: (route) => isOperationalPath(route.url),
      }),
      // Both only inside a trace: the worker's idle polling and pool pings are not traces.
      new MongoDBInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({
        requireParentSpan: true,
        // Keys hold profile identifiers; the command name is what an operator needs.
        dbStatementSerializer: (command) => command,
      }),
    ],
  });
  return { shutdown: () => provider.shutdown() };
}
