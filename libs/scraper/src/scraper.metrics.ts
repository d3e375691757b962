import { Counter } from 'prom-client';
import type { MetricsRegistry } from '@scout/observability';
import { type OutboundPolicy, registerOutboundMetrics } from '@scout/resilience';
import type { ScraperStats } from './scraper.stats';

/** The metric names' prefix, kept from before the policies had names: dashboards use them. */
const PREFIX = 'scout_scraper';

/**
 * The scraper's collectors: the profile-site policy's outbound requests, retries, timeouts,
 * deferrals and breaker state (`scout_scraper_*`, from libs/resilience), plus what robots.txt
 * said, read from the stats at collection time. Hosts come from configuration (the one profile
 * site), so the `host` label stays bounded.
 */
export function registerScraperMetrics(
  registry: MetricsRegistry,
  outbound: Pick<OutboundPolicy, 'name' | 'stats'>,
  stats: Pick<ScraperStats, 'snapshot'>,
): void {
  registerOutboundMetrics(registry, outbound, PREFIX);
  const hosts = () => Object.entries(stats.snapshot().hosts);
  new Counter({
    name: `${PREFIX}_robots_fetches_total`,
    help: 'robots.txt downloads by host and outcome: rules (2xx), none (4xx, all allowed), unreachable (5xx, network error, timeout). Also counted in scout_scraper_requests_total.',
    labelNames: ['host', 'outcome'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [host, counters] of hosts()) {
        for (const [outcome, value] of Object.entries(counters.robotsFetches)) {
          this.inc({ host, outcome }, value);
        }
      }
    },
  });
  new Counter({
    name: `${PREFIX}_robots_disallowed_total`,
    help: 'Profiles not fetched because robots.txt disallows them, by host.',
    labelNames: ['host'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [host, counters] of hosts()) this.inc({ host }, counters.robotsDisallowed);
    },
  });
}
