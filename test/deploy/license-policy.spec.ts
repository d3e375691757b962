import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkLockfile, isAllowed, parseSpdx } from '../../scripts/lib/licenses';

/** A lockfile (v3) holding the given packages besides the root. */
function lockfile(packages: Record<string, Record<string, unknown>>): unknown {
  return {
    name: 'scout',
    lockfileVersion: 3,
    packages: { '': { name: 'scout', license: 'UNLICENSED' }, ...packages },
  };
}

function allowed(expression: string): boolean | undefined {
  const parsed = parseSpdx(expression);
  return parsed && isAllowed(parsed);
}

describe('license policy', () => {
  it('reads SPDX expressions: one side of OR, both sides of AND, exceptions as their own license', () => {
    expect(allowed('MIT')).toBe(true);
    expect(allowed('(MIT OR CC0-1.0)')).toBe(true);
    expect(allowed('(GPL-3.0-only OR Apache-2.0)')).toBe(true);
    expect(allowed('MIT AND BSD-3-Clause')).toBe(true);
    expect(allowed('MIT AND GPL-2.0-only')).toBe(false);
    expect(allowed('(MIT OR GPL-2.0-only) AND LGPL-3.0-only')).toBe(false);
    expect(allowed('Apache-2.0 WITH LLVM-exception')).toBe(false);
    for (const malformed of ['', 'MIT OR', '(MIT', 'MIT)', 'AND MIT', 'MIT WITH']) {
      expect(parseSpdx(malformed)).toBeUndefined();
    }
  });

  it('fails production packages with a license outside the policy or none readable', () => {
    const report = checkLockfile(
      lockfile({
        'node_modules/ok': { version: '1.0.0', license: 'MIT' },
        'node_modules/copyleft': { version: '2.0.0', license: 'GPL-3.0-only' },
        'node_modules/a/node_modules/@scope/nested': { version: '0.1.0', license: 'AGPL-3.0' },
        'node_modules/silent': { version: '3.0.0' },
        'node_modules/prose': { version: '4.0.0', license: 'SEE LICENSE IN LICENSE.md' },
        'node_modules/dev-copyleft': { version: '1.0.0', license: 'GPL-3.0-only', dev: true },
        'node_modules/optional-ok': { version: '1.0.0', license: 'ISC', optional: true },
      }),
    );
    expect(report.packages).toBe(6);
    expect(report.violations).toEqual([
      { name: 'copyleft', version: '2.0.0', license: 'GPL-3.0-only', problem: 'not allowed' },
      { name: '@scope/nested', version: '0.1.0', license: 'AGPL-3.0', problem: 'not allowed' },
      { name: 'silent', version: '3.0.0', license: '(none)', problem: 'unknown' },
      {
        name: 'prose',
        version: '4.0.0',
        license: 'SEE LICENSE IN LICENSE.md',
        problem: 'unknown',
      },
    ]);
  });

  it('honours a reviewed exception only for its exact name, version and license', () => {
    const exception = {
      name: 'copyleft',
      version: '2.0.0',
      license: 'GPL-3.0-only',
      reason: 'reviewed',
    };
    const check = (version: string, license: string) =>
      checkLockfile(lockfile({ 'node_modules/copyleft': { version, license } }), [exception]);
    expect(check('2.0.0', 'GPL-3.0-only')).toMatchObject({
      excepted: ['copyleft@2.0.0'],
      violations: [],
    });
    expect(check('2.0.1', 'GPL-3.0-only').violations).toHaveLength(1);
    expect(check('2.0.0', 'AGPL-3.0-only').violations).toHaveLength(1);
  });

  it("passes Scout's own lockfile", () => {
    const root = join(__dirname, '..', '..');
    const report = checkLockfile(JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')));
    expect(report.violations).toEqual([]);
    expect(report.packages).toBeGreaterThan(100);
  });
});
