import { type HostResolver, OutboundTargetGuard } from '@scout/common';
import { AppConfig } from '@scout/config';
import { createPinnedAgent } from '@scout/resilience';
import { type Agent, fetch, type Response } from 'undici';

/**
 * The scraper's connections to the configured profile site, against server-side request
 * forgery: each new connection is checked by the outbound guard (the site's name resolved once,
 * refused when it resolves to a non-public address unless `scraping.allowPrivateAddresses`) and
 * made to exactly the address checked, so a DNS answer that changes later cannot redirect it.
 * Connections are kept alive and reused between requests.
 */
export class SiteConnections {
  private readonly agent: Agent;

  /** `resolver` replaces the system resolver, for tests that script DNS answers. */
  constructor(config: AppConfig, resolver?: HostResolver) {
    const guard = new OutboundTargetGuard({
      resolver,
      allowNonPublic: config.scraping.allowPrivateAddresses,
    });
    this.agent = createPinnedAgent(guard, { connectTimeoutMs: config.scraping.timeoutMs });
  }

  /** One GET; redirects come back as they are, for the caller to check and follow. */
  get(url: string, signal: AbortSignal, headers: Record<string, string>): Promise<Response> {
    return fetch(url, {
      method: 'GET',
      redirect: 'manual',
      signal,
      headers,
      dispatcher: this.agent,
    });
  }

  /** Closes the kept-alive connections, once requests in flight are done. */
  close(): Promise<void> {
    return this.agent.close();
  }
}
