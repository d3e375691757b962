import { ErrorCode } from './error-codes';

/** A field-level problem, reported in `errors[]` of a problem-details body. */
export interface FieldError {
  field: string;
  message: string;
  code: string;
}

/** Optional parts of a {@link DomainError}. */
export interface DomainErrorOptions {
  errors?: FieldError[];
  /** Seconds a client should wait before retrying; becomes `Retry-After`. */
  retryAfterSeconds?: number;
  /** Extra members for the problem body (e.g. `{ count: 3 }`); never personal data. */
  extensions?: Record<string, unknown>;
  /**
   * Response headers the error needs to be actionable (e.g. `WWW-Authenticate` on a 401).
   * Names are case-insensitive; they never replace the headers the filter itself sets.
   */
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * What libraries throw instead of HTTP exceptions: a stable code plus a client-safe detail.
 * Delivery layers (the api's exception filter, the worker's job handling) decide what the
 * code means for them, so domain code never knows about HTTP.
 */
export class DomainError extends Error {
  readonly errors?: FieldError[];
  readonly retryAfterSeconds?: number;
  readonly extensions?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    options: DomainErrorOptions = {},
  ) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.errors = options.errors;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.extensions = options.extensions;
    this.headers = options.headers;
  }
}

/** Turns an unknown thrown value into a DomainError when a translator recognises it. */
export type ErrorTranslator = (error: unknown) => DomainError | undefined;
