import { DomainError, ErrorCode } from '@scout/common';

/** Errors of the people's-data routes; details never echo the person's identifiers. */
export const PrivacyErrors = {
  erasureNotFound: () => new DomainError(ErrorCode.NotFound, 'No erasure request has this id.'),
  suppressionNotFound: () =>
    new DomainError(ErrorCode.NotFound, 'No suppression list entry has this hash.'),
  personNotFound: () => new DomainError(ErrorCode.NotFound, 'Scout holds no profile with this id.'),
};
