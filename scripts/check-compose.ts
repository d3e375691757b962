// Validates docker-compose.yml with Compose itself (`config -q`), once as is and once with the
// `observability` profile (Prometheus, Grafana), so a broken file fails `npm test` even on machines
// without a Docker engine. Installs Debian's docker-compose when missing and root.
import path from 'node:path';

import { COMPOSE_FILE, findCompose } from './lib/compose';
import { describeRun, lastLines, run } from './lib/processes';
import { errorMessage, REPO_ROOT } from './lib/system';

const TIMEOUT_MS = 60_000;

async function main(): Promise<void> {
  const log = (line: string): void => console.log(`check-compose: ${line}`);
  const [command, ...prefix] = await findCompose(log);
  const shown = [path.basename(command), ...prefix].join(' ');
  for (const profile of [[], ['--profile', 'observability']]) {
    const args = [...prefix, '-f', COMPOSE_FILE, ...profile, 'config', '-q'];
    const label = [shown, ...profile, 'config -q'].join(' ');
    const result = await run(command, args, { cwd: REPO_ROOT, timeoutMs: TIMEOUT_MS });
    if (result.code !== 0) {
      console.error(`check-compose: ${describeRun(label, result, TIMEOUT_MS)}`);
      process.exitCode = 1;
      return;
    }
    if (result.stderr.trim()) log(lastLines(result.stderr));
    log(`docker-compose.yml is valid (${label})`);
  }
}

main().catch((error: unknown) => {
  console.error(`check-compose: ${errorMessage(error)}`);
  process.exitCode = 1;
});
