export {
  DomainError,
  type DomainErrorOptions,
  type ErrorTranslator,
  type FieldError,
} from './errors/domain-error';
export { ERROR_CATALOG, ErrorCode, type ErrorCodeSpec } from './errors/error-codes';
export { FieldErrorDto, ProblemDetailsDto } from './errors/problem-details.dto';
export { type ProblemExample, problemExamples, problemType } from './errors/problem-examples';
export {
  PROBLEM_CONTENT_TYPE,
  ProblemDetailsFilter,
  type ProblemDetailsFilterOptions,
} from './http/problem-details.filter';
export { REQUEST_ID_HEADER, resolveRequestId } from './http/request-id';
export { findForbiddenKey } from './validation/forbidden-keys';
export { applyValidationContract, IsOmittable } from './validation/validation-contract';
export {
  createValidationPipe,
  type ItemValidation,
  validateItem,
} from './validation/validation.pipe';
export {
  configureHttpPipeline,
  createFastifyAdapter,
  type HttpAdapterOptions,
  type HttpPipelineOptions,
} from './http/http-app';
export { configureHttpHardening, type HttpHardeningOptions } from './http/http-hardening';
export { CursorCodec, type CursorPosition } from './pagination/cursor.codec';
export { PAGE_LIMIT, type Page } from './pagination/page';
export { escapeRegex, sanitizeText, searchTokens } from './text/sanitize';
export {
  type HostResolver,
  isNonPublicAddress,
  OutboundTargetGuard,
  type OutboundTargetGuardOptions,
  OutboundTargetRefusedError,
  type PinnedTarget,
  type ResolvedAddress,
} from './net/outbound-target.guard';
