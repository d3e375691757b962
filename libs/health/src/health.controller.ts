import { Controller, Get, Header, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '@scout/auth';
import { IndexHealthIndicator, MongoHealthIndicator, RedisHealthIndicator } from '@scout/database';
import { HealthReportDto } from './health-report.dto';
import { LifecycleState } from './lifecycle.state';

type Report = HealthReportDto;

function report(results: HealthIndicatorResult[]): Report {
  const details: Report['details'] = {};
  for (const result of results) Object.assign(details, result);
  const entries = Object.entries(details);
  return {
    status: entries.every(([, d]) => d.status === 'up') ? 'ok' : 'error',
    info: Object.fromEntries(entries.filter(([, d]) => d.status === 'up')),
    error: Object.fromEntries(entries.filter(([, d]) => d.status !== 'up')),
    details,
  };
}

/**
 * Probes for orchestrators. `live` never touches a dependency (a database outage must not
 * get the process restarted); `ready` answers whether this process should get traffic now;
 * `startup` whether boot has finished and every declared index exists. Every check is bounded, so no probe hangs.
 * Public: orchestrators probe without credentials, and the answers carry no data.
 */
@ApiTags('health')
@Public()
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  constructor(
    private readonly lifecycle: LifecycleState,
    private readonly mongo: MongoHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly indexes: IndexHealthIndicator,
  ) {}

  @Get('live')
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ type: HealthReportDto })
  live(): Report {
    return report([{ process: { status: 'up' } }]);
  }

  @Get('ready')
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ type: HealthReportDto })
  @ApiServiceUnavailableResponse({ type: HealthReportDto })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Report> {
    if (this.lifecycle.shuttingDown) {
      return this.send(
        reply,
        report([{ lifecycle: { status: 'down', message: 'shutting down' } }]),
      );
    }
    return this.send(reply, report(await this.dependencies()));
  }

  @Get('startup')
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ type: HealthReportDto })
  @ApiServiceUnavailableResponse({ type: HealthReportDto })
  async startup(@Res({ passthrough: true }) reply: FastifyReply): Promise<Report> {
    const boot: HealthIndicatorResult = this.lifecycle.started
      ? { boot: { status: 'up' } }
      : { boot: { status: 'down', message: 'starting' } };
    const [dependencies, indexes] = await Promise.all([this.dependencies(), this.indexes.check()]);
    return this.send(reply, report([boot, ...dependencies, indexes]));
  }

  private dependencies(): Promise<HealthIndicatorResult[]> {
    return Promise.all([this.mongo.check(), this.redis.ping()]);
  }

  private send(reply: FastifyReply, body: Report): Report {
    reply.status(body.status === 'ok' ? 200 : 503);
    return body;
  }
}
