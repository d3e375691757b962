import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * Fastify's request log, reshaped: no "incoming request" line, one "request completed" line
 * with method, route template (never the raw URL, which can carry personal data), status and
 * duration. Probe traffic logs at debug so it does not drown the rest. Done inside Fastify's
 * own log hook, so it adds no per-request hook of its own.
 */
export class RequestLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'requestId' });
  }

  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const route = request.routeOptions.url ?? 'unmatched';
    const line = {
      method: request.method,
      route,
      statusCode: reply.statusCode,
      responseTimeMs: Math.round(reply.elapsedTime * 100) / 100,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else if (route.startsWith('/health')) reply.log.debug(line, 'request completed');
    else reply.log.info(line, 'request completed');
  }
}
