import {
  BadRequestException,
  HttpException,
  Logger,
  type LoggerService,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { errorCodes } from 'fastify';
import { DomainError, type ErrorTranslator } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-codes';
import {
  PROBLEM_CONTENT_TYPE,
  ProblemDetailsFilter,
  type ProblemDetailsFilterOptions,
} from './problem-details.filter';

const TYPE_BASE = 'urn:scout:problem:';

/** The Fastify reply as the filter drives it: the output under test. */
class RecordingReply {
  statusCode?: number;
  readonly headers: Record<string, string> = {};
  body?: Record<string, unknown>;
  sends = 0;

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  header(name: string, value: string): this {
    this.headers[name.toLowerCase()] = value;
    return this;
  }

  send(payload: Record<string, unknown>): this {
    this.body = payload;
    this.sends += 1;
    return this;
  }
}

/** Nest's logger output, so the test can see what reaches the log and at which level. */
class RecordingLogger implements LoggerService {
  readonly entries: Array<{ level: string; args: unknown[] }> = [];
  log(...args: unknown[]): void {
    this.entries.push({ level: 'log', args });
  }
  error(...args: unknown[]): void {
    this.entries.push({ level: 'error', args });
  }
  warn(...args: unknown[]): void {
    this.entries.push({ level: 'warn', args });
  }
  debug(...args: unknown[]): void {
    this.entries.push({ level: 'debug', args });
  }
  verbose(...args: unknown[]): void {
    this.entries.push({ level: 'verbose', args });
  }
}

interface FakeRequest {
  id: string;
  url: string;
  method: string;
}

function respond(
  exception: unknown,
  options: Partial<ProblemDetailsFilterOptions> = {},
  request: FakeRequest = { id: 'req-1', url: '/v1/profiles/abc?expand=all', method: 'GET' },
): RecordingReply & { body: Record<string, unknown>; statusCode: number } {
  const reply = new RecordingReply();
  const filter = new ProblemDetailsFilter({ problemTypeBase: TYPE_BASE, ...options });
  filter.catch(exception, new ExecutionContextHost([request, reply]));
  if (reply.body === undefined || reply.statusCode === undefined) {
    throw new Error('the filter did not send a response');
  }
  return reply as RecordingReply & { body: Record<string, unknown>; statusCode: number };
}

describe('ProblemDetailsFilter', () => {
  let logger: RecordingLogger;

  beforeEach(() => {
    logger = new RecordingLogger();
    Logger.overrideLogger(logger);
  });

  describe('a DomainError', () => {
    it('becomes a complete problem-details body', () => {
      const error = new DomainError(
        ErrorCode.ValidationFailed,
        'The request has 1 invalid field.',
        {
          errors: [{ field: 'location.country', message: 'must be 2 letters', code: 'isLength' }],
          extensions: { count: 3 },
        },
      );
      const reply = respond(error);
      expect(reply.statusCode).toBe(400);
      expect(reply.body).toEqual({
        type: 'urn:scout:problem:validation-failed',
        title: 'Request validation failed',
        status: 400,
        detail: 'The request has 1 invalid field.',
        instance: '/v1/profiles/abc',
        code: 'VALIDATION_FAILED',
        requestId: 'req-1',
        errors: [{ field: 'location.country', message: 'must be 2 letters', code: 'isLength' }],
        count: 3,
      });
      expect(reply.sends).toBe(1);
    });

    it('sends the problem+json content type and echoes the request id', () => {
      const reply = respond(
        new DomainError(ErrorCode.NotFound, 'No profile with this id.'),
        {},
        {
          id: 'abc-123',
          url: '/v1/profiles/x',
          method: 'GET',
        },
      );
      expect(reply.headers['content-type']).toBe(PROBLEM_CONTENT_TYPE);
      expect(PROBLEM_CONTENT_TYPE).toBe('application/problem+json');
      expect(reply.headers['x-request-id']).toBe('abc-123');
      expect(reply.body.requestId).toBe('abc-123');
    });

    it('takes status and title from the catalog and the type from the kebab-cased code', () => {
      const reply = respond(new DomainError(ErrorCode.DuplicateKey, 'A resource already exists.'));
      expect(reply.statusCode).toBe(409);
      expect(reply.body).toMatchObject({
        type: 'urn:scout:problem:duplicate-key',
        title: 'Duplicate resource',
        status: 409,
        code: 'DUPLICATE_KEY',
      });
    });

    it('leaves errors out when there are none', () => {
      const reply = respond(new DomainError(ErrorCode.Conflict, 'Already running.'));
      expect(reply.body).not.toHaveProperty('errors');
      expect(reply.headers).not.toHaveProperty('retry-after');
    });

    it.each([
      [7, '7'],
      [2.2, '3'],
      [0, '1'],
    ])('turns retryAfterSeconds %p into a Retry-After of %s', (seconds, header) => {
      const reply = respond(
        new DomainError(ErrorCode.DependencyUnavailable, 'The database is unavailable.', {
          retryAfterSeconds: seconds,
        }),
      );
      expect(reply.statusCode).toBe(503);
      expect(reply.headers['retry-after']).toBe(header);
    });

    it('sends the headers it carries, without letting them replace the standard ones', () => {
      const reply = respond(
        new DomainError(ErrorCode.Unauthorized, 'Send an API key.', {
          headers: {
            'WWW-Authenticate': 'Bearer realm="scout"',
            'content-type': 'text/plain',
            'x-request-id': 'forged',
          },
        }),
      );
      expect(reply.statusCode).toBe(401);
      expect(reply.headers['www-authenticate']).toBe('Bearer realm="scout"');
      expect(reply.headers['content-type']).toBe(PROBLEM_CONTENT_TYPE);
      expect(reply.headers['x-request-id']).toBe('req-1');
      expect(reply.body).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
      expect(reply.body).not.toHaveProperty('headers');
    });

    it('is not passed to translators', () => {
      const other = new DomainError(ErrorCode.Conflict, 'translated');
      const reply = respond(new DomainError(ErrorCode.NotFound, 'original'), {
        translators: [() => other],
      });
      expect(reply.body.code).toBe('NOT_FOUND');
      expect(reply.body.detail).toBe('original');
    });

    it('keeps the standard members when extensions use the same names', () => {
      const reply = respond(
        new DomainError(ErrorCode.NotFound, 'No profile with this id.', {
          extensions: { status: 200, code: 'OK', requestId: 'forged', count: 1 },
        }),
      );
      expect(reply.statusCode).toBe(404);
      expect(reply.body).toMatchObject({
        status: 404,
        code: 'NOT_FOUND',
        requestId: 'req-1',
        count: 1,
      });
    });
  });

  describe('translators', () => {
    const translated = new DomainError(ErrorCode.DuplicateKey, 'A resource already exists.');

    it('are consulted in order; the first answer wins', () => {
      const seen: string[] = [];
      const translators: ErrorTranslator[] = [
        () => {
          seen.push('first');
          return undefined;
        },
        () => {
          seen.push('second');
          return translated;
        },
        () => {
          seen.push('third');
          return new DomainError(ErrorCode.Conflict, 'too late');
        },
      ];
      const reply = respond(new Error('E11000 duplicate key'), { translators });
      expect(seen).toEqual(['first', 'second']);
      expect(reply.statusCode).toBe(409);
      expect(reply.body.code).toBe('DUPLICATE_KEY');
      expect(reply.body.detail).toBe('A resource already exists.');
    });

    it('see the original thrown value', () => {
      const thrown = new Error('driver failure');
      const reply = respond(thrown, {
        translators: [(e) => (e === thrown ? translated : undefined)],
      });
      expect(reply.body.code).toBe('DUPLICATE_KEY');
    });

    it('come before the HTTP status of the exception', () => {
      const reply = respond(new NotFoundException(), { translators: [() => translated] });
      expect(reply.body.code).toBe('DUPLICATE_KEY');
    });
  });

  describe('framework errors', () => {
    it('turns a 404 into ROUTE_NOT_FOUND, naming the method and the path without query', () => {
      const reply = respond(
        new NotFoundException('Cannot GET /v1/nothing?x=1'),
        {},
        {
          id: 'r',
          url: '/v1/nothing?x=1',
          method: 'GET',
        },
      );
      expect(reply.statusCode).toBe(404);
      expect(reply.body).toMatchObject({
        code: 'ROUTE_NOT_FOUND',
        type: 'urn:scout:problem:route-not-found',
        instance: '/v1/nothing',
        detail: 'No route matches GET /v1/nothing.',
      });
      expect(reply.headers).not.toHaveProperty('allow');
    });

    it('turns a 413 into PAYLOAD_TOO_LARGE', () => {
      const reply = respond(new HttpException('x', 413));
      expect(reply.statusCode).toBe(413);
      expect(reply.body).toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
        detail: 'The request body exceeds the size limit.',
      });
    });

    it('turns a 415 into UNSUPPORTED_MEDIA_TYPE', () => {
      const reply = respond(new HttpException('x', 415));
      expect(reply.statusCode).toBe(415);
      expect(reply.body).toMatchObject({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        detail: 'Send the request body as application/json.',
      });
    });

    it('reads the status of a raw Fastify error', () => {
      const reply = respond(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
      expect(reply.statusCode).toBe(413);
      expect(reply.body.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it.each([
      [400, 'BAD_REQUEST'],
      [401, 'UNAUTHORIZED'],
      [403, 'FORBIDDEN'],
      [405, 'METHOD_NOT_ALLOWED'],
      [406, 'NOT_ACCEPTABLE'],
      [429, 'RATE_LIMITED'],
    ])('keeps status %i as %s', (status, code) => {
      const reply = respond(new HttpException('framework message', status));
      expect(reply.statusCode).toBe(status);
      expect(reply.body.status).toBe(status);
      expect(reply.body.code).toBe(code);
      expect(JSON.stringify(reply.body)).not.toContain('framework message');
    });

    it('answers an unmapped 4xx as BAD_REQUEST', () => {
      const reply = respond(new HttpException('teapot', 418));
      expect(reply.statusCode).toBe(400);
      expect(reply.body.code).toBe('BAD_REQUEST');
    });

    it('turns a 503 HttpException into DEPENDENCY_UNAVAILABLE, not a 500', () => {
      const reply = respond(new ServiceUnavailableException());
      expect(reply.statusCode).toBe(503);
      expect(reply.body.code).toBe('DEPENDENCY_UNAVAILABLE');
    });

    it('does not log a client error as an error', () => {
      respond(new BadRequestException());
      expect(logger.entries.filter((e) => e.level === 'error')).toEqual([]);
    });
  });

  describe('anything else', () => {
    it('becomes a 500 INTERNAL_ERROR that shows neither the message nor the stack', () => {
      const thrown = new Error('secret driver text');
      const reply = respond(thrown, {}, { id: 'boom-1', url: '/v1/boom', method: 'GET' });
      expect(reply.statusCode).toBe(500);
      expect(reply.body).toEqual({
        type: 'urn:scout:problem:internal-error',
        title: 'Internal server error',
        status: 500,
        detail: 'An unexpected error occurred. Quote the requestId when reporting it.',
        instance: '/v1/boom',
        code: 'INTERNAL_ERROR',
        requestId: 'boom-1',
      });
      const shown = JSON.stringify(reply.body);
      expect(shown).not.toContain('secret driver text');
      expect(shown).not.toMatch(/\bat .*:\d+/);
      expect(reply.headers['content-type']).toBe(PROBLEM_CONTENT_TYPE);
      expect(reply.headers['x-request-id']).toBe('boom-1');
    });

    it('goes to the log as an error, with the original exception', () => {
      const thrown = new Error('secret driver text');
      respond(thrown);
      const errors = logger.entries.filter((e) => e.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0].args[0]).toEqual({ err: thrown, code: 'INTERNAL_ERROR' });
    });

    it('includes errors with a 5xx statusCode', () => {
      const reply = respond(Object.assign(new Error('upstream said no'), { statusCode: 502 }));
      expect(reply.statusCode).toBe(500);
      expect(reply.body.code).toBe('INTERNAL_ERROR');
    });

    it.each([['a string'], [undefined], [null], [42], [{ statusCode: 'abc' }]])(
      'includes the thrown non-error %p',
      (thrown) => {
        const reply = respond(thrown);
        expect(reply.statusCode).toBe(500);
        expect(reply.body.code).toBe('INTERNAL_ERROR');
      },
    );
  });

  describe('error tracking', () => {
    function reported(exception: unknown): unknown[][] {
      const calls: unknown[][] = [];
      respond(exception, { reportUnexpected: (error, request) => calls.push([error, request]) });
      return calls;
    }

    it('reports an unexpected failure once, with the original exception and the request', () => {
      const thrown = new Error('unexpected');
      const calls = reported(thrown);
      expect(calls).toHaveLength(1);
      expect(calls[0][0]).toBe(thrown);
      expect((calls[0][1] as FakeRequest).id).toBe('req-1');
    });

    it.each([
      ['a 404', new NotFoundException()],
      ['a validation failure', new BadRequestException()],
      ['a domain 4xx', new DomainError(ErrorCode.NotFound, 'No profile with this id.')],
      ['a dependency outage (503)', new ServiceUnavailableException()],
      [
        'a translated infrastructure error',
        new DomainError(ErrorCode.DependencyUnavailable, 'The database is unavailable.'),
      ],
    ])('does not report %s', (_label, exception) => {
      expect(reported(exception)).toEqual([]);
    });
  });
});
