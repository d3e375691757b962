// Fails when a production dependency in package-lock.json carries a license outside Scout's
// policy (scripts/lib/licenses.ts), or none Scout can read. Part of `npm test`; reads only the
// lockfile, so it takes well under a second and needs neither node_modules nor a network.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { checkLockfile } from './lib/licenses';
import { errorMessage, REPO_ROOT } from './lib/system';

function main(): void {
  const lockfile: unknown = JSON.parse(
    readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8'),
  );
  const report = checkLockfile(lockfile);
  const summary = Object.entries(report.byLicense)
    .sort(([, a], [, b]) => b - a)
    .map(([license, count]) => `${license} ${count}`)
    .join(', ');
  console.log(`check-licenses: ${report.packages} production packages: ${summary}`);
  if (report.excepted.length > 0) {
    console.log(`check-licenses: reviewed exceptions: ${report.excepted.join(', ')}`);
  }
  for (const v of report.violations) {
    console.error(`check-licenses: ${v.name}@${v.version}: license ${v.license} is ${v.problem}`);
  }
  if (report.violations.length > 0) {
    console.error(
      'check-licenses: replace the package, or add a reviewed exception in scripts/lib/licenses.ts',
    );
    process.exitCode = 1;
  }
}

try {
  main();
} catch (error) {
  console.error(`check-licenses: ${errorMessage(error)}`);
  process.exitCode = 1;
}
