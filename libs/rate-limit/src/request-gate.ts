import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';
import { Injectable } from '@nestjs/common';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
  preParsingHookHandler,
  RouteOptions,
} from 'fastify';
import {
  type AccessRule,
  accessRuleOf,
  ApiKeysService,
  type AuthOutcome,
  grants,
} from '@scout/auth';
import { DomainError, ErrorCode } from '@scout/common';
import { AppConfig } from '@scout/config';
import type { ThrottlerStorageRecord } from './memory-throttler.storage';
import { RateLimitStats } from './rate-limit.stats';
import { type RateLimitTier, tierForRoute, tierForUnmatched } from './rate-limit.tiers';
import { RedisThrottlerStorage } from './redis-throttler.storage';

/** Response headers every limited response carries (IETF RateLimit header fields, draft 7). */
export const RATE_LIMIT_HEADERS = {
  limit: 'ratelimit-limit',
  remaining: 'ratelimit-remaining',
  reset: 'ratelimit-reset',
} as const;

/** Where the gate is installed, and the listener's own body limit. */
export interface RequestGateOptions {
  /** The listener's default body limit; larger per-route limits are for holders of the route's scope. */
  bodyLimitBytes: number;
}

/** What one request is, as far as the gate is concerned. */
interface Admission {
  /** The route needs a valid key (refused with 401 before the body otherwise). */
  needsKey: boolean;
  /** The request spends a budget. */
  budgeted: boolean;
  /** The budget of an authenticated request on this route; undefined when no route matched. */
  routeTier: RateLimitTier | undefined;
}

/**
 * Bodies up to this size are left to Node, which reads and discards them after the answer and
 * keeps the connection alive; a refused client sending small bodies keeps its connection.
 */
const DRAIN_LIMIT_BYTES = 64 * 1024;

/** Whether the client may still be sending a body too large (or unbounded) to drain. */
function largeBodyPending(request: FastifyRequest): boolean {
  if (request.headers['transfer-encoding'] !== undefined) return true;
  const length = request.headers['content-length'];
  return length !== undefined && Number(length) > DRAIN_LIMIT_BYTES;
}

/** How long a refused connection stays open, unread, after its answer: see closeUnread. */
const LINGER_MS = 2_000;

/**
 * Answers without reading the body still on its way, and closes the connection. Node would
 * otherwise drain the body (read and discard it) to keep the connection alive, or, told to
 * close, destroy the socket as soon as the answer is flushed: with unread bytes that sends a
 * reset, which can make the client lose the answer it was about to read. So: the body is
 * marked consumed (no drain), the answer and a FIN go out, and the socket, never read again,
 * is destroyed `LINGER_MS` later, long after the client has read its answer.
 */
function closeUnread(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('connection', 'close');
  const socket = request.raw.socket;
  // Only a real connection (not an injected request) has a body to leave on the wire.
  if (!(socket instanceof Socket)) return;
  // Node drains (`_dump`) a request body nobody consumed once the answer is sent; this flag,
  // the one its http server checks, says the body is taken care of. Reading it (`read(0)`)
  // would set it too, but only when the request's buffer is not already full.
  (request.raw as IncomingMessage & { _consuming: boolean })._consuming = true;
  reply.raw.once('finish', () => {
    // Node's Connection: close ends the socket and destroys it once the FIN is out; keep it.
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the listener destroySoon added
    socket.removeListener('finish', socket.destroy);
    const linger = setTimeout(() => socket.destroy(), LINGER_MS);
    linger.unref();
    socket.once('close', () => clearTimeout(linger));
  });
}

function presentsCredentials(headers: IncomingHttpHeaders): boolean {
  return headers.authorization !== undefined || headers['x-api-key'] !== undefined;
}

function tooLarge(): DomainError {
  return new DomainError(ErrorCode.PayloadTooLarge, 'The request body exceeds the size limit.');
}

/**
 * Counts a chunked body as it streams and fails it once it passes `limit`, so a body without a
 * `Content-Length` is cut off at the limit instead of being read to its end.
 */
function capped(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: NodeJS.ReadableStream,
  limit: number,
): Transform {
  let received = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      received += chunk.length;
      if (received <= limit) return callback(null, chunk);
      payload.unpipe(cap);
      closeUnread(request, reply);
      callback(tooLarge());
    },
  });
  return payload.pipe(cap);
}

/**
 * The api's door, a Fastify `onRequest` hook that runs before a byte of the body is read: it
 * authenticates the API key (401 with `WWW-Authenticate` when the route needs one and it is
 * missing, wrong or revoked) and spends one hit of the caller's budget — the key's budget for
 * the route's tier (keyed by key id, never the key), or the client IP's `anonymous` budget for
 * requests without a valid key, public /v1 routes and paths no route matches (404, 405), so
 * guessing keys and probing paths are limited too. Over the limit: 429 `RATE_LIMITED` with
 * `Retry-After`. When it refuses a request whose large body (over 64 KiB, or chunked) is still on
 * its way, the answer carries `Connection: close` and the rest of the body is never read (see
 * {@link closeUnread}); a small body is drained and the connection kept.
 *
 * Which routes need a key comes from the controllers' `@RequireScope`/`@Public` (carried in
 * the Fastify route config); the scope itself is checked afterwards by `ApiKeyGuard`, after
 * routing. A route whose body limit exceeds the listener's default grants the larger limit
 * only to keys holding the route's scope: anyone else gets 413 as soon as the declared length
 * (or a chunked body's running count) passes the default. Health probes and /docs are left
 * to their own rules.
 */
@Injectable()
export class RequestGate {
  private readonly enabled: boolean;
  private readonly windowMs: number;
  private readonly limits: Record<RateLimitTier, number>;

  constructor(
    private readonly keys: ApiKeysService,
    private readonly storage: RedisThrottlerStorage,
    private readonly stats: RateLimitStats,
    config: AppConfig,
  ) {
    const { enabled, windowMs, reads, writes, scrape, anonymous } = config.rateLimit;
    this.enabled = enabled;
    this.windowMs = windowMs;
    this.limits = { reads, writes, scrape, anonymous };
  }

  /** Adds the gate to a listener; call before routes are registered (before `app.init()`). */
  install(fastify: FastifyInstance, options: RequestGateOptions): void {
    fastify.addHook('onRoute', (route) => this.capLargeBodies(route, options.bodyLimitBytes));
    fastify.addHook('onRequest', (request, reply, done) => this.admit(request, reply, done));
  }

  private admit(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
    const admission = this.admissionOf(request);
    if (!admission.needsKey && !admission.budgeted) return done();
    const authenticate =
      admission.needsKey || (request.is404 && presentsCredentials(request.headers));
    if (!authenticate) return this.charge(request, reply, done, admission, undefined);
    const outcome = this.keys.authenticateHeaders(request.headers);
    if (!('then' in outcome)) return this.charge(request, reply, done, admission, outcome);
    outcome.then((found) => this.charge(request, reply, done, admission, found), done);
  }

  private admissionOf(request: FastifyRequest): Admission {
    if (request.is404) {
      return { needsKey: false, budgeted: this.enabled, routeTier: undefined };
    }
    const rule = accessRuleOf(request.routeOptions.config);
    const routeTier = tierForRoute(request.method, request.routeOptions.url);
    const isPublic = rule !== undefined && 'public' in rule;
    return {
      // A /v1 route without a rule needs a key too: the guard then denies it (fails closed).
      needsKey: !isPublic && (rule !== undefined || routeTier !== undefined),
      budgeted: this.enabled && routeTier !== undefined,
      routeTier,
    };
  }

  /** Spends the hit, then lets the request on or answers it (429 first, then the 401). */
  private charge(
    request: FastifyRequest,
    reply: FastifyReply,
    done: HookHandlerDoneFunction,
    admission: Admission,
    outcome: AuthOutcome | undefined,
  ): void {
    const principal = outcome && 'principal' in outcome ? outcome.principal : undefined;
    const refusal =
      admission.needsKey && outcome && 'refusal' in outcome ? outcome.refusal : undefined;
    if (principal) request.principal = principal;
    if (!admission.budgeted) {
      if (refusal) this.refuse(request, reply, done, refusal);
      else done();
      return;
    }
    const tier = principal
      ? (admission.routeTier ?? tierForUnmatched(request.method))
      : 'anonymous';
    const key = `${tier}:${principal ? `key:${principal.keyId}` : `ip:${request.ip}`}`;
    const limit = this.limits[tier];
    const leased = this.storage.hitLeased(key, limit);
    if (leased) return this.settle(request, reply, done, tier, leased, refusal);
    this.storage
      .increment(key, this.windowMs, limit, 0, tier)
      .then((record) => this.settle(request, reply, done, tier, record, refusal), done);
  }

  private settle(
    request: FastifyRequest,
    reply: FastifyReply,
    done: HookHandlerDoneFunction,
    tier: RateLimitTier,
    record: ThrottlerStorageRecord,
    refusal: Error | undefined,
  ): void {
    const limit = this.limits[tier];
    reply.header(RATE_LIMIT_HEADERS.limit, limit);
    reply.header(RATE_LIMIT_HEADERS.remaining, Math.max(0, limit - record.totalHits));
    reply.header(RATE_LIMIT_HEADERS.reset, record.timeToExpire);
    if (record.isBlocked) {
      this.stats.recordLimited(tier);
      const limited = new DomainError(
        ErrorCode.RateLimited,
        `Rate limit of ${limit} requests per ${this.windowMs / 1000} s exceeded; retry later.`,
        { retryAfterSeconds: record.timeToBlockExpire },
      );
      return this.refuse(request, reply, done, limited);
    }
    if (refusal) return this.refuse(request, reply, done, refusal);
    done();
  }

  /** Answers with `error`; a body still on its way is not read: the connection closes. */
  private refuse(
    request: FastifyRequest,
    reply: FastifyReply,
    done: HookHandlerDoneFunction,
    error: Error,
  ): void {
    if (largeBodyPending(request)) closeUnread(request, reply);
    done(error);
  }

  /**
   * Gives a route whose body limit exceeds `defaultLimit` a `preParsing` hook (its own, so no
   * other route pays for it) that holds every caller without the route's scope to the default.
   */
  private capLargeBodies(route: RouteOptions, defaultLimit: number): void {
    const configured = (route.config as { bodyLimit?: unknown } | undefined)?.bodyLimit;
    const routeLimit = route.bodyLimit ?? (typeof configured === 'number' ? configured : undefined);
    if (routeLimit === undefined || routeLimit <= defaultLimit) return;
    const cap = this.bodyCap(accessRuleOf(route.config), defaultLimit);
    const existing = route.preParsing === undefined ? [] : [route.preParsing].flat();
    route.preParsing = [...existing, cap];
  }

  private bodyCap(rule: AccessRule | undefined, limit: number): preParsingHookHandler {
    const scope = rule !== undefined && 'scope' in rule ? rule.scope : undefined;
    return (request, reply, payload, done) => {
      const principal = request.principal;
      if (principal && scope && grants(principal.scopes, scope)) return done(null, payload);
      const length = request.headers['content-length'];
      if (length === undefined) return done(null, capped(request, reply, payload, limit));
      if (Number(length) <= limit) return done(null, payload);
      closeUnread(request, reply);
      done(tooLarge());
    };
  }
}
