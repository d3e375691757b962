import { DomainError, ErrorCode } from '@scout/common';

/** Errors the profiles domain raises, with details that never echo personal data. */
export const ProfilesErrors = {
  profileNotFound: (id: string) =>
    new DomainError(ErrorCode.NotFound, `No profile has the id or publicId '${id}'.`),
  versionNotFound: (id: string, version: number) =>
    new DomainError(ErrorCode.NotFound, `The profile '${id}' has no recorded version ${version}.`),
  companyNotFound: (id: string) =>
    new DomainError(ErrorCode.NotFound, `No company has the id or publicId '${id}'.`),
  invalidIdentifier: (id: string) =>
    new DomainError(
      ErrorCode.InvalidId,
      'An id is a 24-character ObjectId or a publicId (3-100 of a-z, 0-9 and -).',
      { errors: [{ field: 'id', message: `'${id.slice(0, 100)}' is not an id`, code: 'id' }] },
    ),
  duplicateProfile: () =>
    new DomainError(ErrorCode.DuplicateKey, 'A profile with this publicId already exists.', {
      extensions: { fields: ['publicId'] },
    }),
  duplicateCompany: () =>
    new DomainError(ErrorCode.DuplicateKey, 'A company with this publicId already exists.', {
      extensions: { fields: ['publicId'] },
    }),
  unknownCompany: (refs: string[], field: string) =>
    new DomainError(ErrorCode.UnknownCompany, `Unknown company: ${refs.join(', ')}.`, {
      errors: refs.map(() => ({ field, message: 'no such company', code: 'unknownCompany' })),
    }),
  companyInUse: (count: number) =>
    new DomainError(
      ErrorCode.CompanyInUse,
      `${count} profile${count === 1 ? '' : 's'} still reference${count === 1 ? 's' : ''} this company.`,
      { extensions: { count } },
    ),
  companyBeingReferenced: () =>
    new DomainError(
      ErrorCode.CompanyInUse,
      'Profiles that reference this company are being written; retry once they are stored.',
      { retryAfterSeconds: 1 },
    ),
  suppressed: () =>
    new DomainError(
      ErrorCode.Suppressed,
      'This person asked to be erased and is on the suppression list; Scout does not collect them.',
    ),
  preconditionFailed: (current: number) =>
    new DomainError(
      ErrorCode.PreconditionFailed,
      'The resource changed since it was read; fetch it again and retry with its new ETag.',
      { extensions: { currentVersion: current } },
    ),
  busy: () =>
    new DomainError(
      ErrorCode.Conflict,
      'The resource is being changed by another request; retry.',
      { retryAfterSeconds: 1 },
    ),
  emptyAfterSanitizing: (field: string) =>
    new DomainError(ErrorCode.ValidationFailed, 'The request has 1 invalid field.', {
      errors: [{ field, message: `${field} is empty once markup is removed`, code: 'notEmpty' }],
    }),
};
