import { Injectable, Logger, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { AppConfig } from '@scout/config';
import { profileUrl, type ScrapeTarget, type SiteOrigin, siteOrigin } from '@scout/profiles';
import { OutboundPolicy, parseRetryAfter, type OutboundContext } from '@scout/resilience';
import type { Response } from 'undici';
import { discard, fetchManual, networkCode, REDIRECT_STATUSES } from './http-helpers';
import {
  ALLOW_ALL,
  parseRobotsTxt,
  ROBOTS_MAX_BYTES,
  type RobotsRules,
  robotsProductToken,
  truncateRobotsTxt,
} from './robots-rules';
import { FailureKind, ScrapeError } from './scrape-error';
import { type RobotsFetchOutcome, ScraperStats } from './scraper.stats';
import { SiteConnections } from './site-connections';

/** Redirects followed for robots.txt, each only within the configured site (RFC 9309: ≥ 5). */
export const ROBOTS_MAX_REDIRECTS = 5;

const ROBOTS_PATH = '/robots.txt';

interface CachedRules {
  rules: RobotsRules;
  expiresAt: number;
}

/** One download's answer: rules to keep, and how the download is counted. */
interface Download {
  rules: RobotsRules;
  outcome: Exclude<RobotsFetchOutcome, 'unreachable'>;
}

/**
 * Keeps the scraper to the site's robots.txt (RFC 9309) unless `scraping.respectRobots` is off.
 * A job asks {@link assertAllowed} before its page is requested; a disallowed profile fails
 * BLOCKED and its page is never requested.
 *
 * robots.txt is fetched through {@link OutboundPolicy} like any request to the site (rate limit,
 * shared breaker, bulkhead, timeout, retries), as its own call before the page's, so it never
 * holds the page's bulkhead slot, over pinned connections like the pages'
 * ({@link SiteConnections}). Answers: 2xx → parsed (first {@link ROBOTS_MAX_BYTES}); 4xx →
 * everything allowed; 429 → RATE_LIMITED; 5xx, network errors, timeouts → TRANSIENT
 * ("unreachable": nothing is fetched until it answers; the job is retried like any transient
 * failure, and the failure counts against the breaker as the host's). Redirects are followed
 * within the site only; one leaving it, or more than {@link ROBOTS_MAX_REDIRECTS}, leaves the
 * file unavailable (everything allowed, as RFC 9309 §2.3.1.2 lets a crawler assume).
 *
 * Parsed rules are kept per origin for `scraping.robotsTtlMs`; concurrent jobs share one
 * in-flight download, so a burst of jobs makes one robots.txt request per process per TTL.
 * Failed downloads are not kept: the next job asks again.
 */
@Injectable()
export class RobotsPolicy implements OnApplicationShutdown {
  private readonly logger = new Logger('RobotsPolicy');
  private readonly site: SiteOrigin;
  private readonly host: string;
  private readonly productToken: string;
  private readonly cache = new Map<string, CachedRules>();
  private readonly inflight = new Map<string, Promise<RobotsRules>>();
  private readonly connections: SiteConnections;

  constructor(
    private readonly config: AppConfig,
    private readonly outbound: OutboundPolicy,
    private readonly stats: ScraperStats,
    @Optional() connections?: SiteConnections,
  ) {
    this.site = siteOrigin(config.scraping.baseUrl);
    this.host = this.site.host;
    this.productToken = robotsProductToken(config.scraping.userAgent);
    this.connections = connections ?? new SiteConnections(config);
  }

  /** After the queue workers drained (they stop in `beforeApplicationShutdown`): idle sockets only. */
  async onApplicationShutdown(): Promise<void> {
    await this.connections.close();
  }

  /**
   * Resolves when robots.txt lets Scout fetch the target's page (always, when robots.txt is not
   * respected). Rejects with a BLOCKED `ScrapeError` when it disallows the page, and with what
   * the download met (a `ScrapeError` or a `HostUnavailableError` deferral) when robots.txt
   * could not be read.
   */
  async assertAllowed(target: ScrapeTarget, context: OutboundContext = {}): Promise<void> {
    if (!this.config.scraping.respectRobots) return;
    const rules = await this.rules(context);
    this.assertRulesAllow(rules, profileUrl(this.site, target.publicId));
  }

  /**
   * The check for a URL met after {@link assertAllowed} (a same-site redirect), against the
   * rules already known for the site; without known rules, or when robots.txt is not
   * respected, it allows.
   */
  assertKnownRulesAllow(url: string): void {
    if (!this.config.scraping.respectRobots) return;
    const known = this.cache.get(this.site.origin);
    if (known) this.assertRulesAllow(known.rules, url);
  }

  private assertRulesAllow(rules: RobotsRules, url: string): void {
    if (rules.allows(url)) return;
    this.stats.recordRobotsDisallowed(this.host);
    throw new ScrapeError(
      FailureKind.Blocked,
      `robots.txt disallows ${new URL(url).pathname} for ${this.productToken}`,
    );
  }

  private rules(context: OutboundContext): Promise<RobotsRules> {
    const key = this.site.origin;
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > Date.now()) return Promise.resolve(cached.rules);
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.outbound
        .execute(this.host, (signal) => this.download(signal), context)
        .then((rules) => {
          this.cache.set(key, { rules, expiresAt: Date.now() + this.config.scraping.robotsTtlMs });
          return rules;
        })
        .finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  /** One attempt at reading robots.txt, counted by outcome. */
  private async download(signal: AbortSignal): Promise<RobotsRules> {
    try {
      const { rules, outcome } = await this.follow(signal);
      this.stats.recordRobotsFetch(this.host, outcome);
      return rules;
    } catch (error) {
      this.stats.recordRobotsFetch(this.host, 'unreachable');
      throw error;
    }
  }

  private async follow(signal: AbortSignal): Promise<Download> {
    let url = `${this.site.origin}${ROBOTS_PATH}`;
    for (let redirects = 0; ; redirects += 1) {
      const response = await this.request(url, signal);
      const { status } = response;
      if (REDIRECT_STATUSES.has(status)) {
        await discard(response);
        const next = this.sameSite(response.headers.get('location'), url);
        if (next === undefined || redirects >= ROBOTS_MAX_REDIRECTS) {
          this.logger.warn(
            { host: this.host, status, redirects },
            'robots.txt redirects off the site or too often: treated as unavailable',
          );
          return { rules: ALLOW_ALL, outcome: 'none' };
        }
        url = next;
        continue;
      }
      if (status >= 200 && status < 300) {
        const body = await this.body(response, signal);
        return { rules: parseRobotsTxt(url, body, this.productToken), outcome: 'rules' };
      }
      await discard(response);
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      if (status === 429) {
        throw new ScrapeError(FailureKind.RateLimited, 'robots.txt rate limited (HTTP 429)', {
          status,
          retryAfterMs,
        });
      }
      if (status >= 400 && status < 500) return { rules: ALLOW_ALL, outcome: 'none' };
      throw new ScrapeError(FailureKind.Transient, `robots.txt unreachable (HTTP ${status})`, {
        status,
        retryAfterMs,
      });
    }
  }

  /** A redirect's target when it stays on the configured origin, else undefined. */
  private sameSite(location: string | null, from: string): string | undefined {
    if (!location) return undefined;
    try {
      const next = new URL(location, from);
      if (next.origin !== this.site.origin || next.username !== '' || next.password !== '') {
        return undefined;
      }
      return next.href;
    } catch {
      return undefined;
    }
  }

  private async request(url: string, signal: AbortSignal): Promise<Response> {
    if (new URL(url).origin !== this.site.origin) {
      throw new ScrapeError(FailureKind.InvalidTarget, 'refusing a URL outside the profile site');
    }
    return fetchManual(
      this.connections,
      url,
      signal,
      { 'user-agent': this.config.scraping.userAgent, accept: 'text/plain,*/*;q=0.1' },
      (code) => `robots.txt unreachable (network error ${code})`,
    );
  }

  /** The first {@link ROBOTS_MAX_BYTES} of the body; the rest is not downloaded. */
  private async body(response: Response, signal: AbortSignal): Promise<string> {
    if (!response.body) return '';
    // Typed `any` chunks in undici's fetch typings; the bytes of an HTTP body are Uint8Arrays.
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      while (size <= ROBOTS_MAX_BYTES) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        size += value.byteLength;
      }
      if (size > ROBOTS_MAX_BYTES) await reader.cancel().catch(() => undefined);
    } catch (error) {
      if (signal.aborted) throw error;
      throw new ScrapeError(
        FailureKind.Transient,
        `robots.txt unreachable (connection lost: ${networkCode(error)})`,
        { cause: error },
      );
    }
    return truncateRobotsTxt(Buffer.concat(chunks));
  }
}
