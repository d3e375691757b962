import { Controller, Get, Header, Res, VERSION_NEUTRAL } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HealthProbes, type HealthReportDto, probeStatus } from '@scout/health';

/**
 * The worker's probes on its management port, next to `/metrics` (see `HealthProbes` for what
 * each one asks). The worker has no guard, so nothing marks them public.
 */
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  constructor(private readonly probes: HealthProbes) {}

  @Get('live')
  @Header('cache-control', 'no-store')
  live(): HealthReportDto {
    return this.probes.live();
  }

  @Get('ready')
  @Header('cache-control', 'no-store')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReportDto> {
    const report = await this.probes.ready();
    reply.status(probeStatus(report));
    return report;
  }

  @Get('startup')
  @Header('cache-control', 'no-store')
  async startup(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReportDto> {
    const report = await this.probes.startup();
    reply.status(probeStatus(report));
    return report;
  }
}
