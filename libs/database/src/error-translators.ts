import { DomainError, ErrorCode, type ErrorTranslator } from '@scout/common';
import { isDuplicateKeyError } from './duplicate-key';
import { isMongoTimeout, isOutcomeUnknown } from './mongo-deadlines.plugin';

const MONGO_UNAVAILABLE = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
]);

const RETRY_AFTER_SECONDS = 5;
/**
 * The server's storage is full: FerretDB's SQLite (`database or disk is full`) and PostgreSQL
 * (`could not extend file`) backends and MongoDB itself (`No space left on device`) refuse the
 * write, and nothing of it is applied.
 */
const STORAGE_FULL = /database or disk is full|no space left on device|could not extend file/i;
/** How long a client should wait before writing again to a server whose disk was full. */
const STORAGE_FULL_RETRY_AFTER_SECONDS = 30;

function asError(error: unknown): (Error & Record<string, unknown>) | undefined {
  return error instanceof Error ? (error as Error & Record<string, unknown>) : undefined;
}

/**
 * Driver and ODM failures in domain terms: duplicate keys are conflicts, bad ids are the
 * caller's fault, an unreachable server or a full disk is a 503 the client may retry. Messages name fields,
 * never values, because values can be personal data.
 */
export const translateMongoError: ErrorTranslator = (error) => {
  const err = asError(error);
  if (!err) return undefined;
  if (isDuplicateKeyError(err)) {
    const fields = Object.keys((err.keyPattern as Record<string, unknown> | undefined) ?? {});
    const what = fields.length > 0 ? ` with this ${fields.join(', ')}` : '';
    return new DomainError(ErrorCode.DuplicateKey, `A resource${what} already exists.`, {
      extensions: fields.length > 0 ? { fields } : undefined,
    });
  }
  if (err.name === 'CastError') {
    const path = typeof err.path === 'string' ? err.path : 'id';
    return new DomainError(ErrorCode.InvalidId, `'${path}' is not a valid identifier.`, {
      errors: [
        {
          field: path,
          message: `${path} is not a valid identifier`,
          code: 'cast',
        },
      ],
    });
  }
  if (isOutcomeUnknown(err)) {
    return new DomainError(
      ErrorCode.OutcomeUnknown,
      'The write was not confirmed in time: it may or may not have been applied. Retry with the same Idempotency-Key to learn the outcome.',
      { retryAfterSeconds: RETRY_AFTER_SECONDS, extensions: { outcome: 'unknown' }, cause: error },
    );
  }
  if (err.name === 'MongoServerError' && STORAGE_FULL.test(err.message)) {
    return new DomainError(
      ErrorCode.DependencyUnavailable,
      'The database has no storage space left; nothing was written.',
      { retryAfterSeconds: STORAGE_FULL_RETRY_AFTER_SECONDS, cause: error },
    );
  }
  if (isMongoTimeout(err)) {
    return new DomainError(ErrorCode.DependencyTimeout, 'The database did not answer in time.', {
      retryAfterSeconds: RETRY_AFTER_SECONDS,
      cause: error,
    });
  }
  const bufferingTimeout = err.name === 'MongooseError' && /buffering timed out/.test(err.message);
  if (bufferingTimeout || MONGO_UNAVAILABLE.has(err.name)) {
    return new DomainError(ErrorCode.DependencyUnavailable, 'The database is unavailable.', {
      retryAfterSeconds: RETRY_AFTER_SECONDS,
      cause: error,
    });
  }
  return undefined;
};

/** Redis client failures (disconnected, offline, past the command deadline) as a retryable 503. */
export const translateRedisError: ErrorTranslator = (error) => {
  const err = asError(error);
  if (!err) return undefined;
  const redisDown =
    err.name === 'MaxRetriesPerRequestError' ||
    /enableOfflineQueue|Connection is closed|Stream isn't writeable|^Command timed out$/.test(
      err.message,
    );
  if (!redisDown) return undefined;
  return new DomainError(
    ErrorCode.DependencyUnavailable,
    'The cache and queue store is unavailable.',
    {
      retryAfterSeconds: RETRY_AFTER_SECONDS,
      cause: error,
    },
  );
};
