import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENV_BINDINGS } from './config.schema';

const ROOT = join(__dirname, '..', '..', '..');
const EXTRA = ['SCOUT_CONFIG_DIR'];

describe('every setting is documented', () => {
  const envExample = readFileSync(join(ROOT, '.env.example'), 'utf8');
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const names = [...ENV_BINDINGS.map((b) => b.env), ...EXTRA];

  it.each(names)('%s is in .env.example and the README configuration table', (name) => {
    expect(envExample).toMatch(new RegExp(`^${name}=`, 'm'));
    expect(readme).toMatch(new RegExp(`^\\|\\s*\`${name}\`\\s*\\|`, 'm'));
  });

  it('.env.example lists nothing Scout does not read', () => {
    const listed = [...envExample.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
    expect(listed.filter((name) => !names.includes(name))).toEqual([]);
  });
});
