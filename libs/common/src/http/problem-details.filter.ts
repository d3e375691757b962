import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorTranslator } from '../errors/domain-error';
import { ERROR_CATALOG, ErrorCode } from '../errors/error-codes';
import { problemType } from '../errors/problem-examples';
import { REQUEST_ID_HEADER } from './request-id';

/** Media type of every error body (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** How the filter learns what it cannot know by itself. */
export interface ProblemDetailsFilterOptions {
  /** Prefix of each problem's `type` URI, e.g. `urn:scout:problem:`. */
  problemTypeBase: string;
  /** Turn infrastructure errors (driver, cache) into domain errors. */
  translators?: ErrorTranslator[];
  /** Told about every unexpected failure (a generic 500, not a mapped 4xx or 503): error tracking. */
  reportUnexpected?: (error: unknown, request: FastifyRequest) => void;
}

const STATUS_CODES: Readonly<Record<number, ErrorCode>> = {
  400: ErrorCode.BadRequest,
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Forbidden,
  404: ErrorCode.RouteNotFound,
  405: ErrorCode.MethodNotAllowed,
  406: ErrorCode.NotAcceptable,
  409: ErrorCode.Conflict,
  412: ErrorCode.PreconditionFailed,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  429: ErrorCode.RateLimited,
  503: ErrorCode.DependencyUnavailable,
};

function statusOf(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * The one place where errors become HTTP responses: every failure leaves as RFC 9457 problem
 * details with a stable code and the request id. Only 5xx are logged as errors, with the
 * stack; clients never see stacks or driver messages.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  constructor(private readonly options: ProblemDetailsFilterOptions) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const error = this.toDomainError(exception, request);
    const { status, title } = ERROR_CATALOG[error.code];

    // A feature an operator switched off is a decision, not a fault: no error log, no alert.
    if (status >= 500 && error.code !== ErrorCode.FeatureDisabled) {
      this.logger.error({ err: exception, code: error.code }, 'request failed');
      if (error.code === ErrorCode.InternalError)
        this.options.reportUnexpected?.(exception, request);
    } else {
      this.logger.debug({ code: error.code, status }, 'request rejected');
    }

    const body: Record<string, unknown> = {
      ...error.extensions,
      type: problemType(this.options.problemTypeBase, error.code),
      title,
      status,
      detail: error.detail,
      instance: request.url.split('?')[0],
      code: error.code,
      requestId: String(request.id),
    };
    if (error.errors) body.errors = error.errors;

    // The error's own headers first, so the ones below (request id, content type) always win.
    for (const [name, value] of Object.entries(error.headers ?? {})) reply.header(name, value);
    reply.header(REQUEST_ID_HEADER, String(request.id));
    if (error.retryAfterSeconds !== undefined) {
      reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
    }
    if (error.code === ErrorCode.MethodNotAllowed && error.extensions?.allow) {
      reply.header('allow', (error.extensions.allow as string[]).join(', '));
    }
    reply.status(status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
  }

  private toDomainError(exception: unknown, request: FastifyRequest): DomainError {
    if (exception instanceof DomainError) return exception;
    for (const translate of this.options.translators ?? []) {
      const translated = translate(exception);
      if (translated) return translated;
    }

    // Framework errors (unknown route, body limit, content type) arrive as HTTP statuses.
    const status = statusOf(exception);
    if (status === 404) return this.notFound(request);
    const mapped = status === undefined ? undefined : STATUS_CODES[status];
    if (mapped) return new DomainError(mapped, this.detailFor(mapped));
    if (status !== undefined && status >= 400 && status < 500) {
      return new DomainError(ErrorCode.BadRequest, this.detailFor(ErrorCode.BadRequest));
    }
    return new DomainError(ErrorCode.InternalError, this.detailFor(ErrorCode.InternalError));
  }

  private notFound(request: FastifyRequest): DomainError {
    const path = request.url.split('?')[0];
    return new DomainError(ErrorCode.RouteNotFound, `No route matches ${request.method} ${path}.`);
  }

  private detailFor(code: ErrorCode): string {
    switch (code) {
      case ErrorCode.PayloadTooLarge:
        return 'The request body exceeds the size limit.';
      case ErrorCode.UnsupportedMediaType:
        return 'Send the request body as application/json.';
      case ErrorCode.InternalError:
        return 'An unexpected error occurred. Quote the requestId when reporting it.';
      default:
        return ERROR_CATALOG[code].title;
    }
  }
}
