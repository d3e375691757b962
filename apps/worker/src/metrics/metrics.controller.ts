import { Controller, Get, Header, Res, VERSION_NEUTRAL } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { MetricsRegistry } from '@scout/observability';

/**
 * `GET /metrics` on the worker's management listener, for Prometheus. The worker has no public
 * routes, so its metrics sit next to its probes; the api serves its own on `METRICS_PORT`.
 */
@Controller({ path: 'metrics', version: VERSION_NEUTRAL })
export class MetricsController {
  constructor(private readonly registry: MetricsRegistry) {}

  @Get()
  @Header('cache-control', 'no-store')
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    reply.type(this.registry.contentType);
    return this.registry.metrics();
  }
}
