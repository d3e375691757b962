/**
 * Stable error codes: clients branch on these, so a code is never renamed or reused.
 * Each maps to one HTTP status and title in {@link ERROR_CATALOG}.
 */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  MalformedJson = 'MALFORMED_JSON',
  InvalidKey = 'INVALID_KEY',
  InvalidId = 'INVALID_ID',
  InvalidCursor = 'INVALID_CURSOR',
  InvalidTarget = 'INVALID_TARGET',
  InvalidWebhookTarget = 'INVALID_WEBHOOK_TARGET',
  BadRequest = 'BAD_REQUEST',
  Unauthorized = 'UNAUTHORIZED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  RouteNotFound = 'ROUTE_NOT_FOUND',
  MethodNotAllowed = 'METHOD_NOT_ALLOWED',
  NotAcceptable = 'NOT_ACCEPTABLE',
  Conflict = 'CONFLICT',
  DuplicateKey = 'DUPLICATE_KEY',
  CompanyInUse = 'COMPANY_IN_USE',
  JobRunning = 'JOB_RUNNING',
  Suppressed = 'SUPPRESSED',
  PreconditionFailed = 'PRECONDITION_FAILED',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  BatchTooLarge = 'BATCH_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  UnknownCompany = 'UNKNOWN_COMPANY',
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  RateLimited = 'RATE_LIMITED',
  InternalError = 'INTERNAL_ERROR',
  DependencyUnavailable = 'DEPENDENCY_UNAVAILABLE',
  FeatureDisabled = 'FEATURE_DISABLED',
  RequestTimeout = 'REQUEST_TIMEOUT',
  DependencyTimeout = 'DEPENDENCY_TIMEOUT',
  OutcomeUnknown = 'OUTCOME_UNKNOWN',
}

/** What a code means over HTTP. */
export interface ErrorCodeSpec {
  status: number;
  title: string;
}

/** The one catalog of error codes; docs/errors.md is written from it. */
export const ERROR_CATALOG: Readonly<Record<ErrorCode, ErrorCodeSpec>> = {
  [ErrorCode.ValidationFailed]: {
    status: 400,
    title: 'Request validation failed',
  },
  [ErrorCode.MalformedJson]: { status: 400, title: 'Malformed JSON body' },
  [ErrorCode.InvalidKey]: { status: 400, title: 'Forbidden key in input' },
  [ErrorCode.InvalidId]: { status: 400, title: 'Invalid identifier' },
  [ErrorCode.InvalidCursor]: { status: 400, title: 'Invalid cursor' },
  [ErrorCode.InvalidTarget]: { status: 400, title: 'Invalid scrape target' },
  [ErrorCode.InvalidWebhookTarget]: { status: 400, title: 'Webhook URL refused' },
  [ErrorCode.BadRequest]: { status: 400, title: 'Bad request' },
  [ErrorCode.Unauthorized]: { status: 401, title: 'Authentication required' },
  [ErrorCode.Forbidden]: { status: 403, title: 'Forbidden' },
  [ErrorCode.NotFound]: { status: 404, title: 'Resource not found' },
  [ErrorCode.RouteNotFound]: { status: 404, title: 'Route not found' },
  [ErrorCode.MethodNotAllowed]: { status: 405, title: 'Method not allowed' },
  [ErrorCode.NotAcceptable]: { status: 406, title: 'Not acceptable' },
  [ErrorCode.Conflict]: { status: 409, title: 'Conflict' },
  [ErrorCode.DuplicateKey]: { status: 409, title: 'Duplicate resource' },
  [ErrorCode.CompanyInUse]: { status: 409, title: 'Company still referenced' },
  [ErrorCode.JobRunning]: { status: 409, title: 'Job is running' },
  [ErrorCode.Suppressed]: { status: 409, title: 'Person suppressed' },
  [ErrorCode.PreconditionFailed]: { status: 412, title: 'Precondition failed' },
  [ErrorCode.PayloadTooLarge]: { status: 413, title: 'Payload too large' },
  [ErrorCode.BatchTooLarge]: { status: 413, title: 'Batch too large' },
  [ErrorCode.UnsupportedMediaType]: {
    status: 415,
    title: 'Unsupported media type',
  },
  [ErrorCode.UnknownCompany]: { status: 422, title: 'Unknown company' },
  [ErrorCode.IdempotencyKeyReused]: { status: 422, title: 'Idempotency key reused' },
  [ErrorCode.RateLimited]: { status: 429, title: 'Too many requests' },
  [ErrorCode.InternalError]: { status: 500, title: 'Internal server error' },
  [ErrorCode.DependencyUnavailable]: {
    status: 503,
    title: 'A dependency is unavailable',
  },
  [ErrorCode.FeatureDisabled]: { status: 503, title: 'Feature switched off' },
  [ErrorCode.RequestTimeout]: { status: 503, title: 'Request timed out' },
  [ErrorCode.DependencyTimeout]: { status: 504, title: 'A dependency did not answer in time' },
  [ErrorCode.OutcomeUnknown]: { status: 504, title: 'Outcome of the write unknown' },
};
