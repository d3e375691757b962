import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const CLIENT_DIR = path.join(__dirname, '..');

describe('generated schema.ts', () => {
  it('is what `npm run client` makes of the committed openapi.json', () => {
    const fresh = execFileSync(
      process.execPath,
      ['-r', '@swc-node/register', path.join(CLIENT_DIR, 'generate.ts'), '--stdout'],
      { cwd: path.join(CLIENT_DIR, '..', '..'), encoding: 'utf8' },
    );
    // On failure: run `npm run client` and commit libs/client/src/schema.ts with the contract.
    expect(readFileSync(path.join(__dirname, 'schema.ts'), 'utf8')).toBe(fresh);
  });
});
