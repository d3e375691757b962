import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { writeDevEnv } from '../../scripts/lib/dev-env';
import { REPO_ROOT } from '../support/test-env';

const WRAPPER = path.join(REPO_ROOT, 'scripts/with-dev-env.sh');
const SHOWN = ['MONGODB_URI', 'REDIS_URL', 'PORT', 'CURSOR_SECRET', 'ADMIN_PASSWORD', 'EMPTY'];

/**
 * Runs the wrapper from a copy of the repository's layout (scripts/ beside .data/), so the
 * clone's own .data/env is never touched, and returns what the command saw.
 */
function runWrapped(
  root: string,
  env: Record<string, string>,
): { seen: Record<string, string | null>; stderr: string; status: number | null } {
  const result = spawnSync(
    'sh',
    [
      path.join(root, 'scripts/with-dev-env.sh'),
      process.execPath,
      '-e',
      `const seen = {}; for (const k of ${JSON.stringify(SHOWN)}) seen[k] = process.env[k] ?? null;` +
        'console.log(JSON.stringify(seen)); process.exitCode = 7;',
    ],
    { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' },
  );
  return { seen: JSON.parse(result.stdout), stderr: result.stderr, status: result.status };
}

describe('npm run up → .data/env → npm run cli', () => {
  let root: string;
  let file: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'scout-dev-env-'));
    fs.mkdirSync(path.join(root, 'scripts'));
    fs.copyFileSync(WRAPPER, path.join(root, 'scripts/with-dev-env.sh'));
    file = path.join(root, '.data/env');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('npm run cli goes through the wrapper', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.cli).toBe(
      'sh scripts/bootstrap.sh sh scripts/with-dev-env.sh node dist/apps/api/src/cli.js',
    );
  });

  it('the command gets the settings as written, byte for byte; the environment wins', () => {
    const settings = {
      MONGODB_URI: 'mongodb://scout:p@ss word@127.0.0.1:41234/scout?authSource=admin&w=1',
      REDIS_URL: 'redis://127.0.0.1:40000/0',
      PORT: '3000',
      CURSOR_SECRET: `it's "quoted", $HOME \`not run\`; a=b\\n`,
      ADMIN_PASSWORD: 'from-file',
      EMPTY: '',
    };
    writeDevEnv(file, settings);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const { seen, stderr, status } = runWrapped(root, {
      REDIS_URL: 'redis://mine:6379/2',
      PORT: '',
    });
    expect(status).toBe(7);
    expect(seen).toEqual({
      MONGODB_URI: settings.MONGODB_URI,
      REDIS_URL: 'redis://mine:6379/2',
      PORT: '',
      CURSOR_SECRET: settings.CURSOR_SECRET,
      ADMIN_PASSWORD: 'from-file',
      EMPTY: '',
    });
    expect(stderr.trim()).toBe(
      `with-dev-env: from .data/env (npm run up, pid ${process.pid}): MONGODB_URI CURSOR_SECRET ADMIN_PASSWORD EMPTY`,
    );
  });

  it('ignores the file of an npm run up that is gone, and runs the command without one', async () => {
    const gone = spawn(process.execPath, ['-e', '']);
    await once(gone, 'exit');
    writeDevEnv(file, { MONGODB_URI: 'mongodb://127.0.0.1:1' }, gone.pid);
    const stale = runWrapped(root, {});
    expect(stale.seen.MONGODB_URI).toBeNull();
    expect(stale.stderr).toContain(
      `ignoring .data/env: the npm run up that wrote it (pid ${gone.pid}) is not running`,
    );

    fs.rmSync(file);
    const none = runWrapped(root, { MONGODB_URI: 'mongodb://own:27017' });
    expect(none).toEqual({
      seen: {
        ...Object.fromEntries(SHOWN.map((k) => [k, null])),
        MONGODB_URI: 'mongodb://own:27017',
      },
      stderr: '',
      status: 7,
    });
  });

  it('is removed by the run that wrote it, but not when another run has replaced it', () => {
    const remove = writeDevEnv(file, { PORT: '3000' });
    remove();
    expect(fs.existsSync(file)).toBe(false);

    const removeOld = writeDevEnv(file, { PORT: '3000' });
    writeDevEnv(file, { PORT: '3100' }, process.pid + 1);
    removeOld();
    expect(fs.readFileSync(file, 'utf8')).toContain('PORT=3100');
  });

  it('refuses values it could not write as one line', () => {
    expect(() => writeDevEnv(file, { CURSOR_SECRET: 'a\nb' })).toThrow('CURSOR_SECRET spans lines');
    expect(fs.existsSync(file)).toBe(false);
  });
});
