import { createHash } from 'node:crypto';
import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DomainError, ErrorCode } from '@scout/common';
import { AppConfig } from '@scout/config';
import { ApiIdempotencyKey, idempotencyKey } from './http-conditions';
import {
  IdempotencyStore,
  type IdempotencyTimes,
  isOutcomeUnknown,
  translateMongoError,
} from '@scout/database';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * True on an attempt that repeats one whose outcome is unknown (same `Idempotency-Key`): a
     * create may then find its own earlier result, and a delete its resource already gone.
     */
    idempotentRetry?: boolean;
  }
}

/** Headers of a write's answer that a replay repeats. */
const REPLAYED_HEADERS = ['etag', 'location'] as const;
/** Lease of a running attempt when requests have no timeout of their own. */
const DEFAULT_LEASE_MS = 60_000;

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/**
 * Makes a write route safe to retry. Any timeout of a write answers 504 `OUTCOME_UNKNOWN` (the
 * write may have been applied). With an `Idempotency-Key`, the first answer is stored and
 * replayed to every later request with the key and the same method, path, `If-Match` and body
 * (another request with the key is 422 `IDEMPOTENCY_KEY_REUSED`; one while the first still runs,
 * 409 `CONFLICT`); after an unknown outcome the next request runs the write again, and the route
 * answers with what is true now (see docs/reliability.md).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly times: IdempotencyTimes;

  constructor(
    private readonly store: IdempotencyStore,
    config: AppConfig,
  ) {
    this.times = {
      ttlMs: config.api.idempotencyTtlMs,
      leaseMs: config.http.requestTimeoutMs || DEFAULT_LEASE_MS,
    };
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // A repeated header arrives as an array; joined, it fails the key's pattern (400).
    const header = request.headers['idempotency-key'];
    const key = idempotencyKey(Array.isArray(header) ? header.join(',') : header);
    const work = (): Promise<unknown> =>
      lastValueFrom(next.handle(), { defaultValue: undefined }).catch((error: unknown) => {
        throw unknownOutcomeOf(error) ?? error;
      });
    if (key === undefined) return from(work());
    return from(this.once(request, reply, key, work));
  }

  private async once(
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    work: () => Promise<unknown>,
  ): Promise<unknown> {
    const route = request.routeOptions.url ?? request.url;
    const id = sha256(`${request.principal?.keyId ?? '-'}|${request.method}|${route}|${key}`);
    const fingerprint = sha256(
      JSON.stringify([
        request.url.split('?')[0],
        request.headers['if-match'] ?? null,
        request.body ?? null,
      ]),
    );
    const claim = await this.store.claim(id, fingerprint, this.times);
    if (claim.kind === 'mismatch') {
      throw new DomainError(
        ErrorCode.IdempotencyKeyReused,
        'This Idempotency-Key was used for a different request.',
      );
    }
    if (claim.kind === 'busy') {
      throw new DomainError(
        ErrorCode.Conflict,
        'A request with this Idempotency-Key is still running; retry shortly.',
        { retryAfterSeconds: 1 },
      );
    }
    if (claim.kind === 'replay') {
      for (const [name, value] of Object.entries(claim.answer.headers)) reply.header(name, value);
      reply.header('idempotent-replayed', 'true');
      return claim.answer.body === undefined ? undefined : JSON.parse(claim.answer.body);
    }

    request.idempotentRetry = claim.retry;
    let result: unknown;
    try {
      result = await work();
    } catch (error) {
      if (!(claim.retry && request.method === 'DELETE' && isNotFound(error))) {
        await this.settleFailure(id, error);
        throw error;
      }
      // The earlier attempt, whose outcome was unknown, did delete it.
      result = undefined;
    }
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = reply.getHeader(name);
      if (typeof value === 'string') headers[name] = value;
    }
    // The write is done: failing to store its answer (MongoDB just went down) must not answer
    // it as a failure. The record then stays running until its lease passes, and a retry with
    // the key re-runs the write, which converges on this result.
    await this.store
      .complete(id, {
        body: result === undefined ? undefined : JSON.stringify(result),
        headers,
      })
      .catch(() => undefined);
    return result;
  }

  /** Frees the key after a definite failure; keeps it for a re-run after an unknown outcome. */
  private async settleFailure(id: string, error: unknown): Promise<void> {
    const unknown = error instanceof DomainError && error.code === ErrorCode.OutcomeUnknown;
    // If this fails too, the record stays pending and its lease frees it.
    await (unknown ? this.store.markUnknown(id) : this.store.release(id)).catch(() => undefined);
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof DomainError && error.code === ErrorCode.NotFound;
}

/**
 * A write request that timed out anywhere — before its write, during it, or in a read after it
 * — cannot vouch for what happened: answered as 504 `OUTCOME_UNKNOWN`, never as a plain failure.
 */
function unknownOutcomeOf(error: unknown): DomainError | undefined {
  if (error instanceof DomainError && error.code === ErrorCode.OutcomeUnknown) return error;
  const translated = error instanceof DomainError ? error : translateMongoError(error);
  const timedOut = isOutcomeUnknown(error) || translated?.code === ErrorCode.DependencyTimeout;
  if (!timedOut) return undefined;
  return new DomainError(
    ErrorCode.OutcomeUnknown,
    'The write was not confirmed in time: it may or may not have been applied. Retry with the same Idempotency-Key to learn the outcome.',
    {
      retryAfterSeconds: translated?.retryAfterSeconds,
      extensions: { outcome: 'unknown' },
      cause: error,
    },
  );
}

/**
 * Marks a write route as safe to retry with an `Idempotency-Key` (and its timeouts as unknown
 * outcomes); documents the header.
 */
export function Idempotent(): MethodDecorator {
  return applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiIdempotencyKey(
      'Makes the write safe to retry: a retry with the same key and request gets the first answer (or, after 504 OUTCOME_UNKNOWN, the true outcome)',
    ),
  );
}
