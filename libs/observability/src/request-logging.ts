import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/** Route label of a request that matched no route (404s), in logs and metrics alike. */
export const UNMATCHED_ROUTE = 'unmatched';

/** What wants to know about every request besides the log (the HTTP metrics). */
export interface RequestObserver {
  /** A request was routed, before any hook ran. */
  requestStarted(reply: FastifyReply): void;
  /** Its response was sent; not called when the client went away before that. */
  requestCompleted(method: string, route: string, statusCode: number, elapsedMs: number): void;
}

/**
 * Fastify's request log, reshaped: no "incoming request" line, one "request completed" line
 * with method, route template (never the raw URL, which can carry personal data), status and
 * duration. Probe traffic logs at debug so it does not drown the rest. A request slower than
 * `slowRequestMs` (when above 0) also gets a "slow request" warning, visible at the production
 * log level. Done inside Fastify's own log hook, so it adds no per-request hook of its own; an
 * observer set with `observe` (the HTTP metrics) rides the same two calls.
 */
export class RequestLogController extends LogController {
  private observer?: RequestObserver;

  constructor(private readonly slowRequestMs = 0) {
    super({ requestIdLogLabel: 'requestId' });
  }

  /** Reports every request to `observer` from now on; `undefined` stops reporting. */
  observe(observer: RequestObserver | undefined): void {
    this.observer = observer;
  }

  override incomingRequest(_request: FastifyRequest, reply: FastifyReply): void {
    this.observer?.requestStarted(reply);
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    const responseTimeMs = reply.elapsedTime;
    this.observer?.requestCompleted(request.method, route, reply.statusCode, responseTimeMs);
    const line = {
      method: request.method,
      route,
      statusCode: reply.statusCode,
      responseTimeMs: Math.round(responseTimeMs * 100) / 100,
    };
    if (this.slowRequestMs > 0 && responseTimeMs >= this.slowRequestMs) {
      reply.log.warn(line, 'slow request');
    }
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else if (route.startsWith('/health')) reply.log.debug(line, 'request completed');
    else reply.log.info(line, 'request completed');
  }
}
