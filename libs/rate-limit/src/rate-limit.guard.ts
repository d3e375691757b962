import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyGuard } from '@scout/auth';
import { DomainError, ErrorCode } from '@scout/common';
import { AppConfig } from '@scout/config';
import { RateLimitStats } from './rate-limit.stats';
import { type RateLimitTier, tierForRoute } from './rate-limit.tiers';
import { RedisThrottlerStorage } from './redis-throttler.storage';

/** Response headers every limited response carries (IETF RateLimit header fields, draft 7). */
export const RATE_LIMIT_HEADERS = {
  limit: 'ratelimit-limit',
  remaining: 'ratelimit-remaining',
  reset: 'ratelimit-reset',
} as const;

/**
 * The api's global guard: the API key check, then one hit against the caller's budget. An
 * authenticated request spends its key's budget for the route's tier (keyed by key id, never the
 * key); a request the key check refuses (401), or one on a public /v1 route, spends its client
 * IP's anonymous budget, so guessing keys is limited too. Wrapping the key guard, rather than
 * running after it, is what lets refused requests be counted: a guard that throws ends the chain.
 * Health probes and /docs are never limited. Over the limit: 429 `RATE_LIMITED` with
 * `Retry-After`.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly enabled: boolean;
  private readonly windowMs: number;
  private readonly limits: Record<RateLimitTier, number>;

  constructor(
    private readonly auth: ApiKeyGuard,
    private readonly storage: RedisThrottlerStorage,
    private readonly stats: RateLimitStats,
    config: AppConfig,
  ) {
    const { enabled, windowMs, reads, writes, scrape, anonymous } = config.rateLimit;
    this.enabled = enabled;
    this.windowMs = windowMs;
    this.limits = { reads, writes, scrape, anonymous };
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (!this.enabled) return this.auth.canActivate(context);
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const tier = tierForRoute(request.method, request.routeOptions.url);
    if (tier === undefined) return this.auth.canActivate(context);
    const reply = http.getResponse<FastifyReply>();
    let verdict: boolean | Promise<boolean>;
    try {
      verdict = this.auth.canActivate(context);
    } catch (error) {
      return this.charge(request, reply, tier, asError(error));
    }
    if (typeof verdict === 'boolean') return this.charge(request, reply, tier);
    return verdict.then(
      () => this.charge(request, reply, tier),
      (error: unknown) => this.charge(request, reply, tier, asError(error)),
    );
  }

  /**
   * Spends one hit and sets the headers; throws 429 when over the limit, else the key check's
   * own error when there was one.
   */
  private async charge(
    request: FastifyRequest,
    reply: FastifyReply,
    routeTier: RateLimitTier,
    refusal?: Error,
  ): Promise<boolean> {
    const principal = request.principal;
    const tier = principal ? routeTier : 'anonymous';
    const subject = principal ? `key:${principal.keyId}` : `ip:${request.ip}`;
    const limit = this.limits[tier];
    const record = await this.storage.increment(
      `${tier}:${subject}`,
      this.windowMs,
      limit,
      0,
      tier,
    );
    reply.header(RATE_LIMIT_HEADERS.limit, limit);
    reply.header(RATE_LIMIT_HEADERS.remaining, Math.max(0, limit - record.totalHits));
    reply.header(RATE_LIMIT_HEADERS.reset, record.timeToExpire);
    if (record.isBlocked) {
      this.stats.recordLimited(tier);
      throw new DomainError(
        ErrorCode.RateLimited,
        `Rate limit of ${limit} requests per ${this.windowMs / 1000} s exceeded; retry later.`,
        { retryAfterSeconds: record.timeToBlockExpire },
      );
    }
    if (refusal !== undefined) throw refusal;
    return true;
  }
}

function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}
