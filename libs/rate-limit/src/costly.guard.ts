import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '@scout/common';
import { AppConfig } from '@scout/config';
import { ConcurrencyLimiter } from './concurrency-limiter';
import { RateLimitStats } from './rate-limit.stats';

const COSTLY_METADATA = 'scout:costly';

/** When a request on a costly route counts as costly. */
export interface CostlyRule {
  /** Only requests whose `limit` query parameter is at least this (the largest pages). */
  pageLimitAtLeast?: number;
}

/** Seconds a refused client is told to wait: slots free as soon as a request finishes. */
const RETRY_AFTER_SECONDS = 1;

/**
 * Declares a route expensive enough that one API key may only have a few such requests in flight
 * at once (`RATE_LIMIT_COSTLY_CONCURRENCY`), on top of its rate budget. Declared on the route so
 * only these routes pay the Redis round trip, and so the OpenAPI operation says so in
 * `x-costly` (its 429 description follows from it).
 */
export function Costly(rule: CostlyRule = {}): MethodDecorator {
  return applyDecorators(
    SetMetadata(COSTLY_METADATA, rule),
    UseGuards(CostlyGuard),
    ApiExtension('x-costly', rule.pageLimitAtLeast === undefined ? {} : { ...rule }),
  );
}

/**
 * Holds a slot of the caller's in-flight costly requests for the life of the request: taken after
 * the API key check and rate budget (the global guard runs first), released when the response
 * is sent or the connection closes, whichever comes first. A key over its limit gets 429
 * `RATE_LIMITED` with `Retry-After`. Keyed by key id, or by client IP on a public route.
 */
@Injectable()
export class CostlyGuard implements CanActivate {
  private readonly limit: number;

  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: ConcurrencyLimiter,
    private readonly stats: RateLimitStats,
    config: AppConfig,
  ) {
    const { enabled, costlyConcurrency } = config.rateLimit;
    this.limit = enabled ? costlyConcurrency : 0;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.limit === 0) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const rule = this.reflector.get<CostlyRule | undefined>(COSTLY_METADATA, context.getHandler());
    if (rule?.pageLimitAtLeast !== undefined) {
      const query = request.query as Record<string, unknown> | undefined;
      if (!(Number(query?.limit) >= rule.pageLimitAtLeast)) return true;
    }
    const principal = request.principal;
    const subject = principal ? `key:${principal.keyId}` : `ip:${request.ip}`;
    const slot = await this.limiter.acquire(subject, this.limit);
    if (slot === undefined) {
      this.stats.recordCostlyLimited();
      throw new DomainError(
        ErrorCode.RateLimited,
        `At most ${this.limit} costly requests per API key may be in flight at once; retry when ` +
          'one has finished.',
        { retryAfterSeconds: RETRY_AFTER_SECONDS },
      );
    }
    const response = http.getResponse<FastifyReply>().raw;
    if (response.destroyed) slot.release();
    else response.once('close', slot.release);
    return true;
  }
}
