import { MaxRetriesPerRequestError } from 'ioredis/built/errors';
import { Error as MongooseError, mongo } from 'mongoose';
import { DomainError, ERROR_CATALOG, ErrorCode } from '@scout/common';
import { translateMongoError, translateRedisError } from './error-translators';
import { OUTCOME_UNKNOWN } from './mongo-deadlines.plugin';

function named(name: string, message = 'boom', extra: Record<string, unknown> = {}): Error {
  const error = new Error(message);
  error.name = name;
  return Object.assign(error, extra);
}

function translated(result: DomainError | undefined): DomainError {
  if (!(result instanceof DomainError)) throw new Error('expected a DomainError');
  return result;
}

/** All a client could see of a translated error. */
function shown(error: DomainError): string {
  return JSON.stringify({ detail: error.detail, errors: error.errors, ext: error.extensions });
}

describe('translateMongoError', () => {
  describe('duplicate keys', () => {
    it('become DUPLICATE_KEY naming the field but not the value', () => {
      const driverError = named(
        'MongoServerError',
        'E11000 duplicate key error collection: scout.profiles index: publicId_1 dup key: { publicId: "jane" }',
        { code: 11000, keyPattern: { publicId: 1 }, keyValue: { publicId: 'jane' } },
      );
      const error = translated(translateMongoError(driverError));
      expect(error.code).toBe(ErrorCode.DuplicateKey);
      expect(ERROR_CATALOG[error.code].status).toBe(409);
      expect(error.detail).toContain('publicId');
      expect(error.extensions).toEqual({ fields: ['publicId'] });
      expect(shown(error)).not.toContain('jane');
      expect(error.retryAfterSeconds).toBeUndefined();
    });

    it('work with the driver’s own MongoServerError', () => {
      const driverError = new mongo.MongoServerError({
        message: 'E11000 duplicate key error collection: scout.people dup key: { email: "j@x.io" }',
        code: 11000,
        keyPattern: { email: 1 },
        keyValue: { email: 'j@x.io' },
      });
      const error = translated(translateMongoError(driverError));
      expect(error.code).toBe(ErrorCode.DuplicateKey);
      expect(error.detail).toContain('email');
      expect(shown(error)).not.toContain('j@x.io');
    });

    it('name every field of a compound key', () => {
      const error = translated(
        translateMongoError(
          named('MongoServerError', 'E11000', {
            code: 11000,
            keyPattern: { ownerId: 1, slug: 1 },
            keyValue: { ownerId: 'o-1', slug: 'my-page' },
          }),
        ),
      );
      expect(error.extensions).toEqual({ fields: ['ownerId', 'slug'] });
      expect(error.detail).toContain('ownerId, slug');
      expect(shown(error)).not.toContain('my-page');
    });

    it('stay generic when the driver gives no key pattern', () => {
      const error = translated(
        translateMongoError(
          named('MongoBulkWriteError', 'E11000 dup key: { publicId: "jane" }', { code: 11000 }),
        ),
      );
      expect(error.code).toBe(ErrorCode.DuplicateKey);
      expect(error.detail).toBe('A resource already exists.');
      expect(error.extensions).toBeUndefined();
      expect(shown(error)).not.toContain('jane');
    });
  });

  describe('cast errors', () => {
    it('become INVALID_ID naming the path', () => {
      const error = translated(
        translateMongoError(
          named('CastError', 'Cast to ObjectId failed for value "zzz" at path "_id"', {
            path: '_id',
          }),
        ),
      );
      expect(error.code).toBe(ErrorCode.InvalidId);
      expect(ERROR_CATALOG[error.code].status).toBe(400);
      expect(error.detail).toContain('_id');
      expect(error.errors).toEqual([
        { field: '_id', message: '_id is not a valid identifier', code: 'cast' },
      ]);
      expect(shown(error)).not.toContain('zzz');
    });

    it('work with Mongoose’s own CastError', () => {
      const error = translated(
        translateMongoError(new MongooseError.CastError('ObjectId', 'not-an-id', '_id')),
      );
      expect(error.code).toBe(ErrorCode.InvalidId);
      expect(error.errors?.[0].field).toBe('_id');
      expect(shown(error)).not.toContain('not-an-id');
    });

    it('fall back to "id" when the error has no path', () => {
      const error = translated(translateMongoError(named('CastError')));
      expect(error.errors?.[0].field).toBe('id');
    });
  });

  describe('a database that does not answer in time', () => {
    it.each([['MongoNetworkTimeoutError'], ['TimeoutError'], ['MongoWaitQueueTimeoutError']])(
      '%s on a read becomes a retryable 504 DEPENDENCY_TIMEOUT',
      (name) => {
        const cause = named(name, 'timed out after 5000 ms on 10.0.0.7:27017');
        const error = translated(translateMongoError(cause));
        expect(error.code).toBe(ErrorCode.DependencyTimeout);
        expect(ERROR_CATALOG[error.code].status).toBe(504);
        expect(error.retryAfterSeconds).toBeGreaterThan(0);
        expect(shown(error)).not.toContain('10.0.0.7');
      },
    );

    it('a server-side maxTimeMS expiry (code 50) is a DEPENDENCY_TIMEOUT too', () => {
      const error = translated(translateMongoError(named('MongoServerError', 'x', { code: 50 })));
      expect(error.code).toBe(ErrorCode.DependencyTimeout);
    });

    it('a write marked as sent but unconfirmed becomes 504 OUTCOME_UNKNOWN with outcome "unknown"', () => {
      const cause = Object.assign(named('MongoNetworkTimeoutError'), { [OUTCOME_UNKNOWN]: true });
      const error = translated(translateMongoError(cause));
      expect(error.code).toBe(ErrorCode.OutcomeUnknown);
      expect(ERROR_CATALOG[error.code].status).toBe(504);
      expect(error.extensions).toEqual({ outcome: 'unknown' });
      expect(error.retryAfterSeconds).toBeGreaterThan(0);
    });
  });

  describe('an unreachable database', () => {
    it.each([
      ['MongoServerSelectionError'],
      ['MongooseServerSelectionError'],
      ['MongoNetworkError'],
      ['MongoNotConnectedError'],
      ['MongoPoolClearedError'],
      ['MongoTopologyClosedError'],
    ])('%s becomes a retryable DEPENDENCY_UNAVAILABLE', (name) => {
      const cause = named(name, 'connect ECONNREFUSED 10.0.0.7:27017 user=admin');
      const error = translated(translateMongoError(cause));
      expect(error.code).toBe(ErrorCode.DependencyUnavailable);
      expect(ERROR_CATALOG[error.code].status).toBe(503);
      expect(error.retryAfterSeconds).toBeGreaterThan(0);
      expect(error.cause).toBe(cause);
      expect(shown(error)).not.toContain('10.0.0.7');
    });

    it('is recognised from the real driver and ODM error classes', () => {
      for (const cause of [
        new MongooseError.MongooseServerSelectionError('Could not connect to any servers'),
        new mongo.MongoNetworkError('connect ECONNREFUSED'),
      ]) {
        expect(translated(translateMongoError(cause)).code).toBe(ErrorCode.DependencyUnavailable);
      }
    });

    it('includes a Mongoose buffering timeout', () => {
      const cause = new MongooseError('Operation `x.find()` buffering timed out after 2000ms');
      const error = translated(translateMongoError(cause));
      expect(error.code).toBe(ErrorCode.DependencyUnavailable);
      expect(error.retryAfterSeconds).toBeGreaterThan(0);
    });
  });

  describe('a database whose storage is full', () => {
    it.each([
      [
        'FerretDB on SQLite',
        '[opendb.go:57 pool.openDB] file:/data/scout.sqlite?_pragma=busy_timeout%2810000%29: database or disk is full (13)',
      ],
      [
        'FerretDB on PostgreSQL',
        'could not extend file "base/16384/16390": No space left on device',
      ],
      ['MongoDB', 'WiredTiger error: No space left on device'],
    ])('%s: a retryable DEPENDENCY_UNAVAILABLE saying nothing was written', (_server, message) => {
      const cause = new mongo.MongoServerError({ message, code: 1 });
      const error = translated(translateMongoError(cause));
      expect(error.code).toBe(ErrorCode.DependencyUnavailable);
      expect(ERROR_CATALOG[error.code].status).toBe(503);
      expect(error.detail).toBe('The database has no storage space left; nothing was written.');
      expect(error.retryAfterSeconds).toBe(30);
      expect(shown(error)).not.toContain('/data');
      expect(shown(error)).not.toContain('base/16384');
    });
  });

  it.each([
    ['an unrelated Error', new Error('something else')],
    ['another MongooseError', new MongooseError('Operation `x.find()` failed')],
    ['a server error with another code', named('MongoServerError', 'x', { code: 121 })],
    ['a thrown string', 'E11000'],
    ['undefined', undefined],
    ['a plain object shaped like a driver error', { code: 11000, name: 'MongoServerError' }],
  ])('leaves %s alone', (_label, thrown) => {
    expect(translateMongoError(thrown)).toBeUndefined();
  });
});

describe('translateRedisError', () => {
  it.each([
    ["Stream isn't writeable and enableOfflineQueue options is false"],
    ['Connection is closed.'],
    ['Command timed out'],
  ])('turns "%s" into a retryable DEPENDENCY_UNAVAILABLE', (message) => {
    const cause = new Error(message);
    const error = translated(translateRedisError(cause));
    expect(error.code).toBe(ErrorCode.DependencyUnavailable);
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.cause).toBe(cause);
    expect(error.detail).not.toContain(message);
  });

  it('turns a MaxRetriesPerRequestError into DEPENDENCY_UNAVAILABLE', () => {
    expect(translated(translateRedisError(named('MaxRetriesPerRequestError'))).code).toBe(
      ErrorCode.DependencyUnavailable,
    );
    expect(translated(translateRedisError(new MaxRetriesPerRequestError(1))).code).toBe(
      ErrorCode.DependencyUnavailable,
    );
  });

  it.each([
    ['a command error', named('ReplyError', 'WRONGTYPE Operation against a key')],
    ['an unrelated Error', new Error('something else')],
    ['a thrown string', 'Connection is closed.'],
    ['null', null],
  ])('leaves %s alone', (_label, thrown) => {
    expect(translateRedisError(thrown)).toBeUndefined();
  });
});
