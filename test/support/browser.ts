import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { ensureCommand, REPO_ROOT } from '../../scripts/lib/system';

/** Where browser tests leave screenshots (git-ignored), so a failed or passed run can be looked at. */
export const TEST_ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts');

/**
 * Starts Debian's Chromium headless for browser tests, installing the `chromium` package first
 * when it is missing (root with apt-get, the same rule as redis-server). Runs as root in CI
 * containers, where Chromium refuses to start without `--no-sandbox`.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = await ensureCommand(
    'chromium',
    'chromium',
    (line) => process.stderr.write(`${line}\n`),
    'or install Chromium yourself',
  );
  const isRoot = process.getuid?.() === 0;
  return chromium.launch({
    executablePath,
    headless: true,
    args: isRoot ? ['--no-sandbox', '--disable-dev-shm-usage'] : ['--disable-dev-shm-usage'],
  });
}

/** An artifact path under test-artifacts/, with its directory created. */
export function artifactPath(name: string): string {
  mkdirSync(TEST_ARTIFACTS_DIR, { recursive: true });
  return path.join(TEST_ARTIFACTS_DIR, name);
}
