import { once } from 'node:events';
import { join } from 'node:path';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { startApp } from '../support/app-process';
import { REPO_ROOT } from '../support/test-env';

jest.setTimeout(120_000);

const CLI_ENTRY = join(REPO_ROOT, 'apps/api/src/cli.ts');
const ANY_KEY = /sk_[0-9A-Za-z]{8}_[0-9A-Za-z]{32}/;
const ANY_HASH = /[0-9a-f]{64}/;

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `npm run cli -- api-keys …` as operators run it (a real process, compiled on the fly), against
 * the same MongoDB and Redis as an in-process api, which then sees the effect.
 */
describe('api-keys CLI', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApiHarness();
  });

  afterAll(async () => {
    await api.close();
  });

  async function cli(...args: string[]): Promise<CliRun> {
    const proc = await startApp(api.env, CLI_ENTRY, undefined, args);
    const [code] = await Promise.all([proc.exited, once(proc.child, 'close')]);
    return { code, stdout: proc.stdout.join('\n'), stderr: proc.stderr.join('\n') };
  }

  async function status(key: string, method: 'GET' | 'POST' = 'GET'): Promise<number> {
    const response = await api.injectAnonymous({
      method,
      url: '/v1/profiles',
      headers: { authorization: `Bearer ${key}` },
      ...(method === 'POST' ? { payload: {} } : {}),
    });
    return response.statusCode;
  }

  // The full table of usage errors is unit-tested (cli-args.spec.ts); these prove the process.
  it.each([
    [[], /No command given/],
    [
      ['api-keys', 'create', '--name', 'x', '--scopes', 'profiles:read,root'],
      /Unknown scope: root/,
    ],
  ])('%j → usage message and exit code 2', async (args, message) => {
    const run = await cli(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('Usage: npm run cli -- <command>');
    expect(run.stdout).toBe('');
  });

  it('--help prints the usage on stdout and exits 0', async () => {
    const run = await cli('--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/api-keys create --name <name> --scopes <scope,\.\.\.>/);
    expect(run.stdout).toContain(
      'profiles:read, profiles:write, scrape:write, privacy:read, privacy:write, admin',
    );
  });

  it('create → list → revoke: the key is printed once, works, and stops working everywhere', async () => {
    const created = await cli(
      'api-keys',
      'create',
      '--name',
      'cli reader',
      '--scopes',
      'profiles:read',
    );
    expect(created.code).toBe(0);
    const key = ANY_KEY.exec(created.stdout)?.[0] ?? '';
    expect(key).not.toBe('');
    expect(created.stdout.split(key)).toHaveLength(2);
    const prefix = key.split('_')[1];
    expect(created.stdout).toContain(`prefix ${prefix}`);
    expect(created.stdout).toContain('scopes profiles:read');
    expect(created.stderr).not.toContain(key);

    expect(await status(key)).toBe(200);
    expect(await status(key, 'POST')).toBe(403);

    const json = await cli(
      'api-keys',
      'create',
      '--name',
      'cli admin',
      '--scopes',
      'admin',
      '--json',
    );
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(parsed).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      name: 'cli admin',
      prefix: expect.stringMatching(/^[0-9A-Za-z]{8}$/),
      scopes: ['admin'],
      createdAt: expect.any(String),
      key: expect.stringMatching(ANY_KEY),
    });
    expect(await status(parsed.key as string, 'POST')).toBe(400);

    const list = await cli('api-keys', 'list');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^id\s+prefix\s+name\s+scopes\s+created\s+last used\s+revoked$/m);
    expect(list.stdout).toContain(prefix);
    expect(list.stdout).toContain('cli reader');
    expect(list.stdout).not.toMatch(ANY_KEY);
    expect(list.stdout).not.toMatch(ANY_HASH);
    const listed = await cli('api-keys', 'list', '--json');
    const rows = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
    expect(rows.find((r) => r.prefix === prefix)).toMatchObject({ name: 'cli reader' });
    for (const row of rows) {
      expect(row).not.toHaveProperty('key');
      expect(row).not.toHaveProperty('hash');
    }

    // The api has the key cached now; revocation from another process must still reach it.
    expect(await status(key)).toBe(200);
    const revoked = await cli('api-keys', 'revoke', prefix);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`Revoked API key ${prefix}`);
    const started = Date.now();
    while ((await status(key)) !== 401) {
      expect(Date.now() - started).toBeLessThan(2_000);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    const again = await cli('api-keys', 'revoke', parsed.id as string);
    expect(again.code).toBe(0);
    expect(await status(parsed.key as string)).toBe(401);
    const twice = await cli('api-keys', 'revoke', prefix);
    expect(twice.code).toBe(0);
    expect(twice.stdout).toContain('was already revoked');

    for (const run of [created, json, list, listed, revoked, again, twice]) {
      expect(run.stderr).not.toMatch(ANY_KEY);
    }
  });

  it('revoking an unknown key exits 1 with a readable message', async () => {
    const run = await cli('api-keys', 'revoke', 'ZZZZZZZZ');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("No API key has the id or prefix 'ZZZZZZZZ'");
  });
});
