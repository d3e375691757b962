import { Injectable, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { DomainError, ErrorCode } from '@scout/common';
import { AppConfig } from '@scout/config';
import {
  parseTarget,
  type ScrapeTarget,
  type SiteOrigin,
  siteOrigin,
  SuppressionCheck,
} from '@scout/profiles';
import { parseRetryAfter } from '@scout/resilience';
import type { Response } from 'undici';
import { decode, discard, fetchManual, networkCode, REDIRECT_STATUSES } from './http-helpers';
import type { ParseLimits } from './parse-limits';
import { parseProfilePage } from './profile-page.parser';
import { ProfileSource, type ScrapedProfile } from './profile-source';
import { RobotsPolicy } from './robots.policy';
import { FailureKind, ScrapeError } from './scrape-error';
import { SiteConnections } from './site-connections';

/** Redirects followed per fetch, each only to a profile on the configured site. */
export const MAX_REDIRECTS = 3;

const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)\b/i;

/**
 * Fetches profile pages from the configured site (`scraping.baseUrl`) over its pinned
 * connections ({@link SiteConnections}): one request per call (plus at most
 * {@link MAX_REDIRECTS} same-site redirects), the configured user agent, a byte cap on the body,
 * and every outcome classified:
 *
 * - 200 → parsed within the parse limits (PARSE_ERROR / BLOCKED from the parser); a body over
 *   `maxResponseBytes` is PARSE_ERROR: the page is unusable as sent and retrying would fetch
 *   the same page.
 * - 404, 410 → NOT_FOUND · 429 → RATE_LIMITED with `retryAfterMs` · 401, 403, 999 → BLOCKED
 * - 5xx, 408 → TRANSIENT (with `retryAfterMs` when sent) · network errors → TRANSIENT
 * - redirects off the site or off `/in/`, or more than three → INVALID_TARGET (not followed)
 * - the site's name resolving to a non-public address (unless allowed) → INVALID_TARGET
 * - other statuses → PARSE_ERROR (the answer is not a page we can use, and will not become one)
 * - an aborted `signal` (the caller's timeout) → the abort reason, rethrown as is.
 *
 * Requests only ever go to the configured host: the URL is rebuilt from `target.publicId`
 * (`target.url` is not trusted) and checked again before each request. The caller checks the
 * target against robots.txt first ({@link RobotsPolicy}); a redirect to a profile the known
 * robots.txt rules disallow is BLOCKED and not followed, and one to a suppressed person (see
 * {@link SuppressionCheck}) is INVALID_TARGET and not followed either.
 */
@Injectable()
export class HttpProfileSource extends ProfileSource implements OnApplicationShutdown {
  private readonly site: SiteOrigin;
  private readonly connections: SiteConnections;
  private readonly parseLimits: ParseLimits;

  constructor(
    private readonly config: AppConfig,
    @Optional() private readonly robots?: RobotsPolicy,
    @Optional() private readonly suppression?: SuppressionCheck,
    @Optional() connections?: SiteConnections,
  ) {
    super();
    this.site = siteOrigin(config.scraping.baseUrl);
    this.connections = connections ?? new SiteConnections(config);
    const { htmlMaxDepth, jsonLdMaxDepth, jsonLdMaxNodes, jsonLdMaxBlocks, parseBudgetMs } =
      config.scraping;
    this.parseLimits = {
      htmlMaxDepth,
      jsonLdMaxDepth,
      jsonLdMaxNodes,
      jsonLdMaxBlocks,
      budgetMs: parseBudgetMs,
    };
  }

  /** After the queue workers drained (they stop in `beforeApplicationShutdown`): idle sockets only. */
  async onApplicationShutdown(): Promise<void> {
    await this.connections.close();
  }

  override async fetch(target: ScrapeTarget, signal: AbortSignal): Promise<ScrapedProfile> {
    let current = this.siteTarget(target.publicId);
    for (let redirects = 0; ; redirects += 1) {
      const response = await this.request(current.url, signal);
      if (!REDIRECT_STATUSES.has(response.status)) return this.read(response, current, signal);
      await discard(response);
      if (redirects >= MAX_REDIRECTS) {
        throw new ScrapeError(FailureKind.InvalidTarget, `more than ${MAX_REDIRECTS} redirects`, {
          status: response.status,
        });
      }
      current = this.redirectTarget(response, current);
      this.robots?.assertKnownRulesAllow(current.url);
      if (this.suppression && (await this.suppression.suppressed([current]))[0]) {
        throw new ScrapeError(FailureKind.InvalidTarget, 'redirect refused: a suppressed person', {
          status: response.status,
        });
      }
    }
  }

  /** Where a redirect may go: a profile on the configured site, rebuilt as a fresh target. */
  private redirectTarget(response: Response, from: ScrapeTarget): ScrapeTarget {
    const location = response.headers.get('location');
    if (!location) {
      throw new ScrapeError(FailureKind.ParseError, 'redirect without a Location', {
        status: response.status,
      });
    }
    let resolved: string;
    try {
      resolved = new URL(location, from.url).href;
    } catch {
      throw new ScrapeError(FailureKind.InvalidTarget, 'redirect to an unreadable Location', {
        status: response.status,
      });
    }
    try {
      return this.siteTarget(resolved);
    } catch (error) {
      const reason = error instanceof ScrapeError ? error.message : 'not a profile URL';
      throw new ScrapeError(FailureKind.InvalidTarget, `redirect refused: ${reason}`, {
        status: response.status,
      });
    }
  }

  /** A profile on the configured site, or INVALID_TARGET: the source speaks in failure kinds. */
  private siteTarget(input: string): ScrapeTarget {
    try {
      return parseTarget(input, this.config.scraping.baseUrl);
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.InvalidTarget) {
        throw new ScrapeError(FailureKind.InvalidTarget, error.message);
      }
      throw error;
    }
  }

  /** The last line of defence: nothing but `<baseUrl>/in/...` is ever requested. */
  private assertOnSite(url: string): void {
    const parsed = new URL(url);
    if (
      parsed.origin !== this.site.origin ||
      parsed.username !== '' ||
      parsed.password !== '' ||
      !parsed.pathname.startsWith('/in/')
    ) {
      throw new ScrapeError(FailureKind.InvalidTarget, 'refusing a URL outside the profile site');
    }
  }

  private async request(url: string, signal: AbortSignal): Promise<Response> {
    this.assertOnSite(url);
    return fetchManual(
      this.connections,
      url,
      signal,
      {
        'user-agent': this.config.scraping.userAgent,
        accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
        'accept-language': 'en',
      },
      (code) => `network error (${code})`,
    );
  }

  private async read(
    response: Response,
    target: ScrapeTarget,
    signal: AbortSignal,
  ): Promise<ScrapedProfile> {
    const { status } = response;
    if (status === 200) {
      return parseProfilePage(await this.body(response, signal), target, this.parseLimits);
    }
    await discard(response);
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    if (status === 404 || status === 410) {
      throw new ScrapeError(FailureKind.NotFound, `no profile page (HTTP ${status})`, { status });
    }
    if (status === 429) {
      throw new ScrapeError(FailureKind.RateLimited, 'rate limited (HTTP 429)', {
        status,
        retryAfterMs,
      });
    }
    if (status === 401 || status === 403 || status === 999) {
      throw new ScrapeError(FailureKind.Blocked, `refused by the site (HTTP ${status})`, {
        status,
      });
    }
    if (status >= 500 || status === 408) {
      throw new ScrapeError(FailureKind.Transient, `site error (HTTP ${status})`, {
        status,
        retryAfterMs,
      });
    }
    throw new ScrapeError(FailureKind.ParseError, `unexpected answer (HTTP ${status})`, { status });
  }

  /** The body as text, streamed and stopped as soon as it passes `maxResponseBytes`. */
  private async body(response: Response, signal: AbortSignal): Promise<string> {
    const limit = this.config.scraping.maxResponseBytes;
    const tooLarge = (): ScrapeError =>
      new ScrapeError(FailureKind.ParseError, `page larger than ${limit} bytes`, { status: 200 });
    const type = response.headers.get('content-type');
    if (type && !HTML_TYPES.test(type.trim())) {
      await discard(response);
      throw new ScrapeError(FailureKind.ParseError, 'the answer is not an HTML page', {
        status: 200,
      });
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > limit) {
      await discard(response);
      throw tooLarge();
    }
    if (!response.body) return '';

    // Typed `any` chunks in undici's fetch typings; the bytes of an HTTP body are Uint8Arrays.
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > limit) {
          await reader.cancel().catch(() => undefined);
          throw tooLarge();
        }
        chunks.push(value);
      }
    } catch (error) {
      if (error instanceof ScrapeError || signal.aborted) throw error;
      throw new ScrapeError(FailureKind.Transient, `connection lost (${networkCode(error)})`, {
        status: 200,
        cause: error,
      });
    }
    return decode(Buffer.concat(chunks), type);
  }
}
