import { parseCliArgs, USAGE, UsageError } from './cli-args';

function usageError(argv: string[]): string {
  try {
    parseCliArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(argv)} to be refused`);
}

describe('parseCliArgs', () => {
  it('reads create with its name, scopes (catalog order, unique) and --json', () => {
    expect(
      parseCliArgs([
        'api-keys',
        'create',
        '--name',
        ' ci pipeline ',
        '--scopes',
        'scrape:write, profiles:read,profiles:read',
        '--json',
      ]),
    ).toEqual({
      kind: 'api-keys:create',
      name: 'ci pipeline',
      scopes: ['profiles:read', 'scrape:write'],
      json: true,
    });
    expect(parseCliArgs(['api-keys', 'create', '--name=x', '--scopes=admin'])).toMatchObject({
      scopes: ['admin'],
      json: false,
    });
  });

  it('reads list, revoke by id or prefix, and help', () => {
    expect(parseCliArgs(['api-keys', 'list'])).toEqual({ kind: 'api-keys:list', json: false });
    expect(parseCliArgs(['api-keys', 'list', '--json'])).toEqual({
      kind: 'api-keys:list',
      json: true,
    });
    expect(parseCliArgs(['api-keys', 'revoke', 'AbCd1234'])).toEqual({
      kind: 'api-keys:revoke',
      ref: 'AbCd1234',
    });
    expect(parseCliArgs(['api-keys', 'revoke', '0123456789abcdef01234567'])).toEqual({
      kind: 'api-keys:revoke',
      ref: '0123456789abcdef01234567',
    });
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['api-keys', 'create', '-h'])).toEqual({ kind: 'help' });
  });

  it('reads scrape-jobs replay with its filter, defaulting to dead jobs, 100 at most', () => {
    expect(parseCliArgs(['scrape-jobs', 'replay'])).toEqual({
      kind: 'scrape-jobs:replay',
      filter: { status: 'dead' },
      limit: 100,
      json: false,
    });
    expect(
      parseCliArgs([
        'scrape-jobs',
        'replay',
        '--status=failed',
        '--code',
        'HOST_UNAVAILABLE',
        '--reason',
        'deferral-limit',
        '--since',
        '2026-12-01T00:00:00Z',
        '--until',
        '2026-12-02',
        '--limit',
        '1000',
        '--json',
      ]),
    ).toEqual({
      kind: 'scrape-jobs:replay',
      filter: {
        status: 'failed',
        code: 'HOST_UNAVAILABLE',
        deadReason: 'deferral-limit',
        createdAfter: new Date('2026-12-01T00:00:00Z'),
        createdBefore: new Date('2026-12-02T00:00:00Z'),
      },
      limit: 1000,
      json: true,
    });
  });

  it.each([
    [[], /No command given/],
    [['scrape-jobs'], /needs an action: replay/],
    [['scrape-jobs', 'purge'], /Unknown action 'scrape-jobs purge'/],
    [['scrape-jobs', 'replay', '--status', 'succeeded'], /--status must be one of failed, dead/],
    [['scrape-jobs', 'replay', '--code', 'drop table'], /--code must be an error code/],
    [['scrape-jobs', 'replay', '--reason', 'bored'], /--reason must be one of/],
    [['scrape-jobs', 'replay', '--limit', '0'], /--limit must be a whole number from 1 to 1000/],
    [['scrape-jobs', 'replay', '--limit', '1001'], /--limit must be a whole number/],
    [['scrape-jobs', 'replay', '--limit', '2.5'], /--limit must be a whole number/],
    [['scrape-jobs', 'replay', '--since', 'yesterday'], /--since must be an ISO date/],
    [['scrape-jobs', 'replay', '--until', '2026-13-45'], /--until must be an ISO date/],
    [['scrape-jobs', 'replay', 'extra'], /Unexpected argument 'extra'/],
    [['scrape-jobs', 'replay', '--name', 'x'], /Unexpected option --name/],
    [['api-keys', 'list', '--status', 'dead'], /Unexpected option --status/],
    [['keys'], /Unknown command 'keys'/],
    [['api-keys'], /needs an action/],
    [['api-keys', 'frobnicate'], /Unknown action 'api-keys frobnicate'/],
    [['api-keys', 'create', '--scopes', 'admin'], /needs --name/],
    [['api-keys', 'create', '--name', '   ', '--scopes', 'admin'], /needs --name/],
    [['api-keys', 'create', '--name', 'x'.repeat(101), '--scopes', 'admin'], /longer than 100/],
    [['api-keys', 'create', '--name', 'x'], /needs --scopes/],
    [['api-keys', 'create', '--name', 'x', '--scopes', ' , '], /names no scope/],
    [['api-keys', 'create', '--name', 'x', '--scopes', 'admin,root,*'], /Unknown scope: root, \*/],
    [['api-keys', 'create', '--name'], /argument missing|--name/],
    [['api-keys', 'create', '--name', 'x', '--scopes', 'admin', 'extra'], /Unexpected argument/],
    [['api-keys', 'list', '--bogus'], /Unknown option '--bogus'/],
    [['api-keys', 'list', '--name', 'x'], /Unexpected option --name/],
    [['api-keys', 'revoke'], /needs an id or a prefix/],
    [['api-keys', 'revoke', 'not/an/id'], /24 hex digits.*8 characters/],
    [['api-keys', 'revoke', 'AbCd1234', 'more'], /Unexpected argument 'more'/],
    [['api-keys', 'revoke', 'AbCd1234', '--json'], /Unexpected option --json/],
  ])('refuses %j', (argv, message) => {
    expect(usageError(argv)).toMatch(message);
  });

  it('has a usage text naming every command and scope', () => {
    for (const text of [
      'api-keys create',
      'api-keys list',
      'api-keys revoke',
      'scrape-jobs replay',
      'HOST_UNAVAILABLE',
      'admin implies all',
    ]) {
      expect(USAGE).toContain(text);
    }
  });
});
