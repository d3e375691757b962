import { ERROR_CATALOG, ErrorCode } from './error-codes';
import type { FieldError } from './domain-error';

/** A representative `detail` (and field errors) per code, as the server words them. */
const SAMPLES: Readonly<Record<ErrorCode, { detail: string; errors?: FieldError[] }>> = {
  [ErrorCode.ValidationFailed]: {
    detail: 'The request has 1 invalid field.',
    errors: [
      {
        field: 'fullName',
        message: 'fullName must be shorter than or equal to 200 characters',
        code: 'maxLength',
      },
    ],
  },
  [ErrorCode.MalformedJson]: { detail: 'The request body is not valid JSON.' },
  [ErrorCode.InvalidKey]: {
    detail: "Keys may not start with a dollar sign or contain a dot: '$where'.",
    errors: [
      { field: '$where', message: 'keys may not start with $ or contain .', code: 'invalidKey' },
    ],
  },
  [ErrorCode.InvalidId]: {
    detail: 'The request has 1 invalid field.',
    errors: [
      {
        field: 'id',
        message: 'id must be a 24-character ObjectId or a publicId (3-100 of a-z, 0-9 and -)',
        code: 'matches',
      },
    ],
  },
  [ErrorCode.InvalidCursor]: { detail: 'The cursor is not one this list issued.' },
  [ErrorCode.InvalidTarget]: {
    detail: 'not a publicId or a profile URL on the configured site',
    errors: [{ field: 'profile', message: 'not a profile URL', code: 'invalidTarget' }],
  },
  [ErrorCode.InvalidWebhookTarget]: {
    detail: 'The webhook URL is refused: the URL points at a private or reserved address.',
    errors: [
      {
        field: 'url',
        message: 'the URL points at a private or reserved address',
        code: 'invalidWebhookTarget',
      },
    ],
  },
  [ErrorCode.BadRequest]: { detail: 'Bad request' },
  [ErrorCode.Unauthorized]: { detail: 'Send an API key as `Authorization: Bearer <key>`.' },
  [ErrorCode.Forbidden]: { detail: 'This key lacks the scope profiles:write.' },
  [ErrorCode.NotFound]: { detail: "No profile has the id or publicId 'ada-lovelace'." },
  [ErrorCode.RouteNotFound]: { detail: 'No route matches GET /v1/nothing-here.' },
  [ErrorCode.MethodNotAllowed]: { detail: 'PUT is not supported here; use GET, HEAD, POST.' },
  [ErrorCode.NotAcceptable]: { detail: 'Not acceptable' },
  [ErrorCode.Conflict]: { detail: 'Only failed jobs can be retried; this one is queued.' },
  [ErrorCode.DuplicateKey]: { detail: 'A profile with this publicId already exists.' },
  [ErrorCode.CompanyInUse]: { detail: '2 profiles still reference this company.' },
  [ErrorCode.JobRunning]: { detail: 'The job is running and cannot be cancelled.' },
  [ErrorCode.Suppressed]: {
    detail:
      'This person asked to be erased and is on the suppression list; Scout does not collect them.',
  },
  [ErrorCode.PreconditionFailed]: {
    detail: 'The resource changed since it was read; fetch it again and retry with its new ETag.',
  },
  [ErrorCode.PayloadTooLarge]: { detail: 'The request body exceeds the size limit.' },
  [ErrorCode.BatchTooLarge]: { detail: 'A batch holds at most 1000 profiles; this one has 1001.' },
  [ErrorCode.UnsupportedMediaType]: { detail: 'Send the request body as application/json.' },
  [ErrorCode.UnknownCompany]: {
    detail: 'Unknown company: acme-corp.',
    errors: [{ field: 'currentCompany', message: 'no such company', code: 'unknownCompany' }],
  },
  [ErrorCode.IdempotencyKeyReused]: {
    detail: 'This Idempotency-Key was used for a different request.',
  },
  [ErrorCode.RateLimited]: { detail: 'The rate limit of this key is spent; retry in 12 s.' },
  [ErrorCode.InternalError]: {
    detail: 'An unexpected error occurred. Quote the requestId when reporting it.',
  },
  [ErrorCode.DependencyUnavailable]: { detail: 'The database is unavailable.' },
  [ErrorCode.FeatureDisabled]: { detail: 'The scraping.enabled feature flag is off.' },
  [ErrorCode.RequestTimeout]: { detail: 'The request took longer than 10000 ms.' },
  [ErrorCode.DependencyTimeout]: { detail: 'The database did not answer in time.' },
  [ErrorCode.OutcomeUnknown]: {
    detail:
      'The write was not confirmed in time: it may or may not have been applied. Retry with the same Idempotency-Key to learn the outcome.',
  },
};

/** One example problem-details body, as documented for a code. */
export interface ProblemExample {
  code: ErrorCode;
  status: number;
  summary: string;
  value: Record<string, unknown>;
}

/** The problem `type` URI of a code: the configured base plus the code in kebab case. */
export function problemType(base: string, code: ErrorCode): string {
  return `${base}${code.toLowerCase().replace(/_/g, '-')}`;
}

/**
 * An example body for every code of the catalog, so the API document shows each problem type
 * a client can meet, built from the same catalog and type rule the error filter uses.
 */
export function problemExamples(problemTypeBase: string): ProblemExample[] {
  return Object.values(ErrorCode).map((code) => {
    const { status, title } = ERROR_CATALOG[code];
    const { detail, errors } = SAMPLES[code];
    return {
      code,
      status,
      summary: `${code}: ${title}`,
      value: {
        type: problemType(problemTypeBase, code),
        title,
        status,
        detail,
        instance: '/v1/profiles',
        code,
        requestId: '3b0c8a4e-7f1d-4c52-9a55-1b8e4f0c2d11',
        ...(errors ? { errors } : {}),
      },
    };
  });
}
