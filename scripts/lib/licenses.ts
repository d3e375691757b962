// Scout's license policy for the packages it ships, and the check of a package-lock.json
// against it. Pure functions: scripts/check-licenses.ts runs them on the repository's
// lockfile, test/deploy/license-policy.spec.ts on made-up ones.

/**
 * SPDX licenses a production dependency may carry. All are permissive: they allow use,
 * modification and redistribution inside a closed-source service and ask at most for the
 * notice to be kept, with no copyleft reaching Scout's own code.
 */
export const ALLOWED_LICENSES: Readonly<Record<string, string>> = {
  MIT: 'permissive; keep the notice',
  ISC: 'MIT-equivalent',
  'Apache-2.0': 'permissive with an explicit patent grant; keep NOTICE files',
  'BSD-2-Clause': 'permissive; keep the notice',
  'BSD-3-Clause': 'permissive; keep the notice, no endorsement',
  '0BSD': 'public-domain-like, not even a notice required',
  'BlueOak-1.0.0': 'modern permissive license with a patent grant (npm, isaacs packages)',
  'CC0-1.0': 'public-domain dedication',
  'Python-2.0': 'PSF license, permissive (argparse, a port of the Python module)',
};

/** A package allowed despite its license, after a person read it; pinned to one version. */
export interface LicenseException {
  name: string;
  version: string;
  /** The license as the lockfile states it, so a change of license is noticed. */
  license: string;
  reason: string;
}

/**
 * Reviewed exceptions. An entry covers exactly one name, version and stated license; an upgrade
 * needs a new review.
 */
export const LICENSE_EXCEPTIONS: readonly LicenseException[] = [
  {
    name: 'fast-sha256',
    version: '1.3.0',
    license: 'Unlicense',
    reason:
      'the HMAC of standardwebhooks (webhook signatures); its LICENSE is the Unlicense text: a ' +
      'public-domain dedication with an unconditional permission to use, copy and sell, no notice required',
  },
];

/** One package of the lockfile that breaks the policy, and why. */
export interface LicenseViolation {
  name: string;
  version: string;
  license: string;
  problem: 'not allowed' | 'unknown';
}

/** What a check found: licenses in use (with counts) and the packages that break the policy. */
export interface LicenseReport {
  packages: number;
  byLicense: Record<string, number>;
  excepted: string[];
  violations: LicenseViolation[];
}

interface LockPackage {
  name?: string;
  version?: string;
  license?: unknown;
  dev?: boolean;
  link?: boolean;
}

type Expression =
  { kind: 'license'; id: string } | { kind: 'and' | 'or'; left: Expression; right: Expression };

/** Parses an SPDX expression (`MIT`, `(MIT OR CC0-1.0)`, `A AND B`); undefined if malformed. */
export function parseSpdx(text: string): Expression | undefined {
  const tokens = text.match(/\(|\)|[^\s()]+/g) ?? [];
  let at = 0;
  const orExpr = (): Expression | undefined => {
    let left = andExpr();
    while (left && tokens[at] === 'OR') {
      at += 1;
      const right = andExpr();
      left = right && { kind: 'or', left, right };
    }
    return left;
  };
  const andExpr = (): Expression | undefined => {
    let left = atom();
    while (left && tokens[at] === 'AND') {
      at += 1;
      const right = atom();
      left = right && { kind: 'and', left, right };
    }
    return left;
  };
  const atom = (): Expression | undefined => {
    const token = tokens[at];
    if (token === '(') {
      at += 1;
      const inner = orExpr();
      if (tokens[at] !== ')') return undefined;
      at += 1;
      return inner;
    }
    if (token === undefined || ['AND', 'OR', 'WITH', ')'].includes(token)) return undefined;
    at += 1;
    if (tokens[at] === 'WITH') {
      // A license with an exception is its own thing: allowed only if listed as such.
      const exception = tokens[at + 1];
      if (exception === undefined) return undefined;
      at += 2;
      return { kind: 'license', id: `${token} WITH ${exception}` };
    }
    return { kind: 'license', id: token };
  };
  const parsed = orExpr();
  return parsed && at === tokens.length ? parsed : undefined;
}

/** Whether an expression lets Scout use the package: one side of OR, both sides of AND. */
export function isAllowed(expression: Expression): boolean {
  if (expression.kind === 'license') return Object.hasOwn(ALLOWED_LICENSES, expression.id);
  if (expression.kind === 'or') return isAllowed(expression.left) || isAllowed(expression.right);
  return isAllowed(expression.left) && isAllowed(expression.right);
}

function nameOf(path: string, entry: LockPackage): string {
  return entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

/**
 * Checks every production package of a package-lock.json (lockfileVersion 2 or 3): what
 * `npm ci --omit=dev` installs and the image ships. Dev-only tools are not checked.
 */
export function checkLockfile(
  lockfile: unknown,
  exceptions: readonly LicenseException[] = LICENSE_EXCEPTIONS,
): LicenseReport {
  const packages = (lockfile as { packages?: Record<string, LockPackage> }).packages;
  if (!packages) throw new Error('not a package-lock.json of lockfileVersion 2 or 3');
  const report: LicenseReport = { packages: 0, byLicense: {}, excepted: [], violations: [] };
  for (const [path, entry] of Object.entries(packages)) {
    if (path === '' || entry.dev === true || entry.link === true) continue;
    const name = nameOf(path, entry);
    const version = entry.version ?? 'unknown';
    const license = typeof entry.license === 'string' ? entry.license.trim() : '';
    report.packages += 1;
    report.byLicense[license || '(none)'] = (report.byLicense[license || '(none)'] ?? 0) + 1;
    const expression = license ? parseSpdx(license) : undefined;
    if (expression && isAllowed(expression)) continue;
    const excepted = exceptions.some(
      (e) => e.name === name && e.version === version && e.license === license,
    );
    if (excepted) {
      report.excepted.push(`${name}@${version}`);
      continue;
    }
    report.violations.push({
      name,
      version,
      license: license || '(none)',
      problem: expression ? 'not allowed' : 'unknown',
    });
  }
  return report;
}
