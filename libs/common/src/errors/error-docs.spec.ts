import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CATALOG, ErrorCode } from './error-codes';

describe('docs/errors.md', () => {
  const doc = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'errors.md'), 'utf8');

  it.each(Object.values(ErrorCode))('documents %s with its status', (code) => {
    expect(doc).toMatch(
      new RegExp(`^\\|\\s*\`${code}\`\\s*\\|\\s*${ERROR_CATALOG[code].status}\\s*\\|`, 'm'),
    );
  });
});
