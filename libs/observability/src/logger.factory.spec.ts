import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import type { AppConfig } from '@scout/config';
import { createRootLogger } from './logger.factory';

type LoggerConfig = Pick<AppConfig, 'log' | 'app'>;
type Line = Record<string, unknown>;

function config(level: AppConfig['log']['level']): LoggerConfig {
  return { log: { level, pretty: false }, app: { name: 'scout', env: 'test' } };
}

/** A destination that keeps what pino writes, one parsed JSON object per line. */
function collector(): { stream: Writable; lines: () => Line[]; raw: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  const raw = (): string => chunks.join('');
  const lines = (): Line[] =>
    raw()
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as Line);
  return { stream, lines, raw };
}

function pick(line: Line, path: string[]): unknown {
  let node: unknown = line;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

describe('createRootLogger', () => {
  let out: ReturnType<typeof collector>;
  let logger: Logger;

  beforeEach(() => {
    out = collector();
    logger = createRootLogger(config('info'), out.stream);
  });

  it('redacts credentials in request and response headers', () => {
    logger.info(
      {
        req: {
          method: 'GET',
          headers: {
            authorization: 'Bearer abc-token-123',
            cookie: 'session=c1-cookie-secret',
            'x-api-key': 'k-api-key-secret',
            'proxy-authorization': 'Basic cHJveHktc2VjcmV0',
            'user-agent': 'jest-agent',
          },
        },
        res: { statusCode: 200, headers: { 'set-cookie': 's-set-cookie-secret' } },
      },
      'request completed',
    );
    const [line] = out.lines();
    expect(pick(line, ['req', 'headers', 'authorization'])).toBe('[Redacted]');
    expect(pick(line, ['req', 'headers', 'cookie'])).toBe('[Redacted]');
    expect(pick(line, ['req', 'headers', 'x-api-key'])).toBe('[Redacted]');
    expect(pick(line, ['req', 'headers', 'proxy-authorization'])).toBe('[Redacted]');
    expect(pick(line, ['res', 'headers', 'set-cookie'])).toBe('[Redacted]');
    // what is not a credential stays readable
    expect(pick(line, ['req', 'headers', 'user-agent'])).toBe('jest-agent');
    expect(pick(line, ['req', 'method'])).toBe('GET');
    expect(pick(line, ['res', 'statusCode'])).toBe(200);
    for (const secret of [
      'abc-token-123',
      'c1-cookie-secret',
      'k-api-key-secret',
      'cHJveHktc2VjcmV0',
      's-set-cookie-secret',
    ]) {
      expect(out.raw()).not.toContain(secret);
    }
  });

  it('redacts credentials in bare headers objects', () => {
    logger.warn({
      headers: {
        authorization: 'Bearer bare-token',
        cookie: 'bare-cookie',
        'x-api-key': 'bare-key',
        'set-cookie': 'bare-set-cookie',
      },
    });
    const [line] = out.lines();
    expect(pick(line, ['headers'])).toEqual({
      authorization: '[Redacted]',
      cookie: '[Redacted]',
      'x-api-key': '[Redacted]',
      'set-cookie': '[Redacted]',
    });
  });

  it('redacts password, secret and token one level down', () => {
    logger.info({
      user: { name: 'ada', password: 'hunter2-pw' },
      job: { secret: 'job-secret-1', token: 'job-token-1' },
    });
    const [line] = out.lines();
    expect(pick(line, ['user'])).toEqual({ name: 'ada', password: '[Redacted]' });
    expect(pick(line, ['job'])).toEqual({ secret: '[Redacted]', token: '[Redacted]' });
    expect(out.raw()).not.toMatch(/hunter2-pw|job-secret-1|job-token-1/);
  });

  it('writes the level as its label and the base fields app and env', () => {
    logger.info('hello');
    const [line] = out.lines();
    expect(line).toMatchObject({ level: 'info', app: 'scout', env: 'test', msg: 'hello' });
    expect(typeof line.time).toBe('string');
    expect(Number.isNaN(Date.parse(line.time as string))).toBe(false);
  });

  it('respects the configured level', () => {
    logger.debug('debug line');
    logger.info('info line');
    logger.error('error line');
    expect(out.lines().map((l) => [l.level, l.msg])).toEqual([
      ['info', 'info line'],
      ['error', 'error line'],
    ]);
  });

  it('writes debug lines when the level is debug', () => {
    const debugOut = collector();
    const debugLogger = createRootLogger(config('debug'), debugOut.stream);
    debugLogger.trace('trace line');
    debugLogger.debug('debug line');
    expect(debugOut.lines().map((l) => l.msg)).toEqual(['debug line']);
  });

  it('writes nothing at level silent', () => {
    const silentOut = collector();
    const silent = createRootLogger(config('silent'), silentOut.stream);
    silent.fatal('fatal line');
    silent.error('error line');
    expect(silentOut.raw()).toBe('');
  });

  it('passes redaction and base fields on to child loggers', () => {
    logger.child({ requestId: 'r-1' }).info({ headers: { authorization: 'child-token' } }, 'x');
    const [line] = out.lines();
    expect(line).toMatchObject({ app: 'scout', env: 'test', requestId: 'r-1', level: 'info' });
    expect(out.raw()).not.toContain('child-token');
  });
});
