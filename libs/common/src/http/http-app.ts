import type { IncomingMessage } from 'node:http';
import { type ArgumentsHost, VersioningType } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import FindMyWay from 'find-my-way';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  LogController,
} from 'fastify';
import { DomainError, type ErrorTranslator } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-codes';
import { findForbiddenKey } from '../validation/forbidden-keys';
import { createValidationPipe } from '../validation/validation.pipe';
import { ProblemDetailsFilter, type ProblemDetailsFilterOptions } from './problem-details.filter';
import { REQUEST_ID_HEADER, resolveRequestId } from './request-id';

const KNOWN_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** The route templates of an app with the methods each one has, for 405 answers. */
interface RouteMethods {
  add(url: string, methods: readonly string[]): void;
  /** The methods of the one template that matches `path` (none when no template does). */
  (method: string, path: string): string[];
}

/**
 * Matches a path against every route template at once, as one router would if routing
 * ignored the method: literal segments win over parameters and parameters over wildcards, so
 * `/v1/profiles/batch` is the `batch` route, not `/v1/profiles/:id`. The answer is that
 * template's methods, which is exactly what `Allow` must list.
 */
function routeMethods(): RouteMethods {
  const templates = FindMyWay();
  const methods = new Map<string, Set<string>>();
  const lookup = ((_method: string, path: string): string[] => {
    const found = templates.find('GET', path);
    const url = (found?.store as { url?: string } | undefined)?.url;
    const own = url === undefined ? undefined : methods.get(url);
    return own ? KNOWN_METHODS.filter((m) => own.has(m)) : [];
  }) as RouteMethods;
  lookup.add = (url, routeMethodList) => {
    let own = methods.get(url);
    if (!own) {
      own = new Set();
      methods.set(url, own);
      templates.on('GET', url, () => undefined, { url });
    }
    for (const method of routeMethodList) own.add(method.toUpperCase());
  };
  return lookup;
}

type FrameworkErrorHandler = (error: Error, request: FastifyRequest, reply: FastifyReply) => void;

/** Per Fastify instance, how errors raised before routing are answered; set by the pipeline. */
const frameworkErrorHandlers = new WeakMap<FastifyInstance, FrameworkErrorHandler>();

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
    // A URL Fastify cannot decode (`/v1/profiles/%`) never reaches routing or Nest; the
    // pipeline's filter still answers it, like every other 4xx (see configureHttpPipeline).
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      const answer = frameworkErrorHandlers.get(request.server);
      if (answer) answer(error, request, reply);
      else void reply.code(400).send(error);
    },
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
 * the request-id echo, validation, and problem-details errors (including 405 with the `Allow`
 * of the route the path matches when the method is not one of its own).
 */
export function configureHttpPipeline(
  app: NestFastifyApplication,
  options: HttpPipelineOptions,
): void {
  const fastify = app.getHttpAdapter().getInstance();
  const allowedMethods = routeMethods();
  fastify.addHook('onRoute', (route) => {
    const config: unknown = route.config;
    const bodyLimit = (config as { bodyLimit?: unknown } | undefined)?.bodyLimit;
    if (typeof bodyLimit === 'number') route.bodyLimit = bodyLimit;
    allowedMethods.add(route.url, Array.isArray(route.method) ? route.method : [route.method]);
  });

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
    // Decided before anything reads the body: Fastify would otherwise judge a method it knows
    // no route for (e.g. QUERY without a body) as a bad request instead.
    if (!request.is404) return done();
    const path = request.url.split('?')[0];
    const allow = allowedMethods(request.method, path);
    if (allow.length === 0 || allow.includes(request.method)) return done();
    done(
      new DomainError(
        ErrorCode.MethodNotAllowed,
        `${request.method} is not supported here; use ${allow.join(', ')}.`,
        { extensions: { allow } },
      ),
    );
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    const found = findForbiddenKey(request.query) ?? findForbiddenKey(request.body);
    if (found === undefined) return done();
    const key = found.length > 100 ? `${found.slice(0, 100)}…` : found;
    done(
      new DomainError(
        ErrorCode.InvalidKey,
        `Keys may not start with a dollar sign or contain a dot: '${key}'.`,
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
  const filter = new ProblemDetailsFilter({
    problemTypeBase: options.problemTypeBase,
    translators: options.translators,
    reportUnexpected: options.reportUnexpected,
  });
  app.useGlobalFilters(filter);
  frameworkErrorHandlers.set(fastify, (error, request, reply) => {
    const malformed = new DomainError(
      ErrorCode.BadRequest,
      'The URL is not valid percent-encoding.',
      { cause: error },
    );
    // The filter reads nothing of its host but the HTTP request and reply.
    const http = { getRequest: () => request, getResponse: () => reply };
    filter.catch(malformed, { switchToHttp: () => http } as unknown as ArgumentsHost);
  });
}
