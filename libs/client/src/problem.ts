import type { components } from './schema';

/** The RFC 9457 problem-details body Scout answers every error with. */
export type ProblemDetails = components['schemas']['ProblemDetailsDto'];

/** One field a request was refused for (`errors[]` of a 400 or 422 problem). */
export type FieldError = components['schemas']['FieldErrorDto'];

/**
 * A problem-details answer from Scout, thrown so that callers branch on a stable `code`
 * (from Scout's error catalog) instead of parsing bodies; `requestId` is what Scout's logs
 * and support know the request by.
 */
export class ScoutProblemError extends Error {
  override readonly name = 'ScoutProblemError';
  /** HTTP status of the answer. */
  readonly status: number;
  /** Stable error code, e.g. `NOT_FOUND`, `VALIDATION_FAILED`. */
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  /** Fields the request was refused for; empty when the problem is not about fields. */
  readonly errors: FieldError[];
  readonly requestId: string;
  /** The whole body, including members particular to one code (`count`, `outcome`…). */
  readonly problem: ProblemDetails;

  constructor(problem: ProblemDetails) {
    super(`${problem.status} ${problem.code}: ${problem.detail}`);
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.requestId = problem.requestId;
    this.problem = problem;
  }
}

/** Whether an answer carries a problem-details body (by its media type, as RFC 9457 says). */
export function isProblemResponse(response: Response): boolean {
  return (
    response.status >= 400 &&
    (response.headers.get('content-type') ?? '').startsWith('application/problem+json')
  );
}

/** The error a problem-details answer stands for; reads a clone, so the body stays readable. */
export async function problemFrom(response: Response): Promise<ScoutProblemError> {
  const body = (await response.clone().json()) as ProblemDetails;
  return new ScoutProblemError({ ...body, status: body.status ?? response.status });
}
