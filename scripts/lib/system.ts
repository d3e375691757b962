import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

import { describeRun, run } from './processes';

/** The repository root (scripts/lib/../..), so scripts work from any working directory. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The absolute path of `command` on PATH, or undefined: lets us pick a path without spawning. */
export function which(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

const APT_UPDATE_TIMEOUT_MS = 5 * 60_000;
const APT_INSTALL_TIMEOUT_MS = 10 * 60_000;

/**
 * Returns the path of `command`, installing Debian package `aptPackage` first when it is missing and
 * we may (root with apt-get); otherwise fails saying what to install. A fresh CI machine needs this.
 * `alternative` completes the error message (e.g. "or set REDIS_URL to a running Redis").
 */
export async function ensureCommand(
  command: string,
  aptPackage: string,
  log: (line: string) => void,
  alternative?: string,
): Promise<string> {
  const found = which(command);
  if (found) return found;
  const apt = which('apt-get');
  const isRoot = process.getuid?.() === 0;
  if (!apt || !isRoot) {
    const why = apt ? 'not running as root' : 'apt-get not found';
    throw new Error(
      `${command} is not installed and cannot be installed automatically (${why}).\n` +
        `Install it, e.g. \`sudo apt-get install -y ${aptPackage}\` on Debian/Ubuntu` +
        `${alternative ? `, ${alternative}` : ''}.`,
    );
  }
  log(`${command}: not found; installing Debian package ${aptPackage} with apt-get`);
  await aptInstall(apt, aptPackage);
  const installed = which(command);
  if (!installed) {
    throw new Error(`apt-get installed ${aptPackage}, but ${command} is still not on PATH.`);
  }
  return installed;
}

/**
 * Installs Debian package `aptPackage` with `apt` (the path of apt-get; the caller checked that we
 * are root), failing with the end of apt's output.
 */
export async function aptInstall(apt: string, aptPackage: string): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = await run(apt, ['update'], { env, timeoutMs: APT_UPDATE_TIMEOUT_MS });
  if (update.code !== 0) {
    throw new Error(describeRun('apt-get update', update, APT_UPDATE_TIMEOUT_MS));
  }
  const install = await run(apt, ['install', '-y', '--no-install-recommends', aptPackage], {
    env,
    timeoutMs: APT_INSTALL_TIMEOUT_MS,
  });
  if (install.code !== 0) {
    throw new Error(describeRun(`apt-get install ${aptPackage}`, install, APT_INSTALL_TIMEOUT_MS));
  }
}

/** Formats an error for a one-screen message at the top of a script (no stack for known errors). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
