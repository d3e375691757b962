import type { IncomingMessage } from 'node:http';
import { VersioningType } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import type { FastifyBaseLogger, LogController } from 'fastify';
import { DomainError, type ErrorTranslator } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-codes';
import { findForbiddenKey } from '../validation/forbidden-keys';
import { createValidationPipe } from '../validation/validation.pipe';
import { ProblemDetailsFilter, type ProblemDetailsFilterOptions } from './problem-details.filter';
import { REQUEST_ID_HEADER, resolveRequestId } from './request-id';

const KNOWN_METHODS: HTTPMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** What an HTTP listener needs from config and observability. */
export interface HttpAdapterOptions {
  logger: FastifyBaseLogger;
  logController: LogController;
  bodyLimitBytes: number;
  /** Proxy addresses or CIDRs whose `X-Forwarded-For` sets `request.ip`; empty trusts none. */
  trustProxy?: string[];
  /** How long the listener waits on a slow client; Fastify's and Node's defaults when absent. */
  timeouts?: HttpServerTimeouts;
}

/**
 * Limits against slow clients (slowloris), in ms. A client that trickles bytes keeps a socket
 * busy forever under an idle timeout alone; the headers and body deadlines bound a request's
 * arrival however steadily it trickles.
 */
export interface HttpServerTimeouts {
  /** A socket silent this long is closed; 0: never. */
  connectionTimeoutMs: number;
  /** All request headers must have arrived by then (408, connection closed). */
  headersTimeoutMs: number;
  /** An idle keep-alive socket is closed after this. */
  keepAliveTimeoutMs: number;
  /** The whole request, headers and body, must have arrived by then (408, connection closed). */
  bodyTimeoutMs: number;
}

/**
 * Node checks the headers and body deadlines on a sweep, 30 s apart by default, so a deadline
 * would overrun by up to that much; sweeping at a quarter of the shorter deadline (0.1 s to 1 s)
 * keeps the overrun small for a cost of one pass over open sockets.
 */
function checkingIntervalMs(timeouts: HttpServerTimeouts): number {
  const shortest = Math.min(timeouts.headersTimeoutMs, timeouts.bodyTimeoutMs);
  return Math.min(1_000, Math.max(100, Math.floor(shortest / 4)));
}

function serverTimeoutOptions(timeouts: HttpServerTimeouts | undefined) {
  if (!timeouts) return {};
  return {
    connectionTimeout: timeouts.connectionTimeoutMs,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    requestTimeout: timeouts.bodyTimeoutMs,
    http: {
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout: timeouts.bodyTimeoutMs,
      connectionsCheckingInterval: checkingIntervalMs(timeouts),
    },
  };
}

/**
 * Fastify as both apps run it: the process's pino logger, request ids from a safe caller
 * header or generated, request log lines shaped by the given log controller, a body limit,
 * client addresses taken from `X-Forwarded-For` only when the peer is a trusted proxy, deadlines
 * for slow clients, and idle keep-alive sockets closed on shutdown.
 */
export function createFastifyAdapter(options: HttpAdapterOptions): FastifyAdapter {
  return new FastifyAdapter({
    loggerInstance: options.logger,
    logController: options.logController,
    requestIdHeader: false,
    genReqId: (req: IncomingMessage) => resolveRequestId(req.headers),
    bodyLimit: options.bodyLimitBytes,
    trustProxy: options.trustProxy && options.trustProxy.length > 0 ? options.trustProxy : false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ...serverTimeoutOptions(options.timeouts),
  });
}

/** What the shared request pipeline needs to know. */
export interface HttpPipelineOptions {
  problemTypeBase: string;
  translators: ErrorTranslator[];
  reportUnexpected?: ProblemDetailsFilterOptions['reportUnexpected'];
}

/**
 * The request pipeline both apps share, wired before routes are registered: URI versioning,
 * per-route body limits (`@RouteConfig({ bodyLimit })`),
 * the request-id echo, validation, and problem-details errors
 * (including 405 for a known path with the wrong method).
 */
export function configureHttpPipeline(
  app: NestFastifyApplication,
  options: HttpPipelineOptions,
): void {
  const fastify = app.getHttpAdapter().getInstance();
  const routes = FindMyWay();
  fastify.addHook('onRoute', (route) => {
    const config: unknown = route.config;
    const bodyLimit = (config as { bodyLimit?: unknown } | undefined)?.bodyLimit;
    if (typeof bodyLimit === 'number') route.bodyLimit = bodyLimit;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (!routes.hasRoute(method as HTTPMethod, route.url)) {
        routes.on(method as HTTPMethod, route.url, () => undefined);
      }
    }
  });
  const allowedMethods = (method: string, path: string): string[] =>
    KNOWN_METHODS.filter((m) => m !== method && routes.find(m, path) !== null);

  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    parseJson(request, String(body), (error, value) =>
      error
        ? done(new DomainError(ErrorCode.MalformedJson, 'The request body is not valid JSON.'))
        : done(null, value),
    ),
  );

  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    const found = findForbiddenKey(request.query) ?? findForbiddenKey(request.body);
    if (found === undefined) return done();
    const key = found.length > 100 ? `${found.slice(0, 100)}…` : found;
    done(
      new DomainError(
        ErrorCode.InvalidKey,
        `Keys may not start with '$' or contain '.': '${key}'.`,
        {
          errors: [
            {
              field: key,
              message: 'keys may not start with $ or contain .',
              code: 'invalidKey',
            },
          ],
        },
      ),
    );
  });

  app.enableVersioning({ type: VersioningType.URI });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(
    new ProblemDetailsFilter({
      problemTypeBase: options.problemTypeBase,
      translators: options.translators,
      allowedMethods,
      reportUnexpected: options.reportUnexpected,
    }),
  );
}
