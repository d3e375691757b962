import { Controller, Get, Header, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@scout/auth';
import { HealthProbes, HealthReportDto, probeStatus } from '@scout/health';

/**
 * The api's probes on its public port, for orchestrators (see `HealthProbes` for what each one
 * asks). Public: orchestrators probe without credentials, and the answers carry no data.
 */
@ApiTags('health')
@Public()
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  constructor(private readonly probes: HealthProbes) {}

  @Get('live')
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ type: HealthReportDto })
  live(): HealthReportDto {
    return this.probes.live();
  }

  @Get('ready')
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ type: HealthReportDto })
  @ApiServiceUnavailableResponse({ type: HealthReportDto })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReportDto> {
    const report = await this.probes.ready();
    reply.status(probeStatus(report));
    return report;
  }

  @Get('startup')
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ type: HealthReportDto })
  @ApiServiceUnavailableResponse({ type: HealthReportDto })
  async startup(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReportDto> {
    const report = await this.probes.startup();
    reply.status(probeStatus(report));
    return report;
  }
}
