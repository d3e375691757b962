import type { HealthIndicatorResult } from '@nestjs/terminus';
import type { HealthReportDto } from './health-report.dto';
import type { LifecycleState } from './lifecycle.state';

/** One bounded check, as a lib's health indicator answers it (`{ mongo: { status: 'up' } }`). */
export type HealthCheck = () => Promise<HealthIndicatorResult>;

/** What an app's probes check besides the process's own state; each app picks its libs' indicators. */
export interface ProbeChecks {
  /** Dependencies traffic needs now: asked by readiness and by startup. */
  ready: HealthCheck[];
  /** Conditions boot must also meet, such as declared indexes: asked by startup only. */
  startup: HealthCheck[];
}

/**
 * Folds indicator results into one Terminus-shaped report: `ok` only when every entry is up,
 * with the entries split into `info` (up) and `error` (down) and all of them in `details`.
 */
export function healthReport(results: HealthIndicatorResult[]): HealthReportDto {
  const details: HealthReportDto['details'] = {};
  for (const result of results) Object.assign(details, result);
  const entries = Object.entries(details);
  return {
    status: entries.every(([, d]) => d.status === 'up') ? 'ok' : 'error',
    info: Object.fromEntries(entries.filter(([, d]) => d.status === 'up')),
    error: Object.fromEntries(entries.filter(([, d]) => d.status !== 'up')),
    details,
  };
}

/** The HTTP status a probe answers with: 200 when the report is `ok`, else 503. */
export function probeStatus(report: HealthReportDto): 200 | 503 {
  return report.status === 'ok' ? 200 : 503;
}

/**
 * The three probes orchestrators ask, independent of HTTP so each app's controller stays a thin
 * mapping. `live` never touches a dependency (a database outage must not get the process
 * restarted); `ready` answers whether this process should get traffic now, and says no as soon
 * as shutdown begins; `startup` whether boot has finished and every startup condition holds.
 * The checks themselves are bounded by their indicators, so no probe hangs.
 */
export class HealthProbes {
  constructor(
    private readonly lifecycle: LifecycleState,
    private readonly checks: ProbeChecks,
  ) {}

  live(): HealthReportDto {
    return healthReport([{ process: { status: 'up' } }]);
  }

  async ready(): Promise<HealthReportDto> {
    if (this.lifecycle.shuttingDown) {
      return healthReport([{ lifecycle: { status: 'down', message: 'shutting down' } }]);
    }
    return healthReport(await this.run(this.checks.ready));
  }

  async startup(): Promise<HealthReportDto> {
    const boot: HealthIndicatorResult = this.lifecycle.started
      ? { boot: { status: 'up' } }
      : { boot: { status: 'down', message: 'starting' } };
    const [dependencies, conditions] = await Promise.all([
      this.run(this.checks.ready),
      this.run(this.checks.startup),
    ]);
    return healthReport([boot, ...dependencies, ...conditions]);
  }

  private run(checks: HealthCheck[]): Promise<HealthIndicatorResult[]> {
    return Promise.all(checks.map((check) => check()));
  }
}
