import fs from 'node:fs';
import path from 'node:path';

import { onProcessExit } from './processes';

/** The first line of the file; scripts/with-dev-env.sh reads the pid from it. */
function header(pid: number): string {
  return `# written by npm run up, pid ${pid}; removed when it stops`;
}

function readHeader(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').split('\n', 1)[0];
  } catch {
    return undefined;
  }
}

/**
 * Publishes the settings `npm run up` chose (ports, URIs) as KEY=value lines, so that
 * `npm run cli` in another terminal (through scripts/with-dev-env.sh) reaches the same services.
 * The file is private to the user (it may hold secrets) and removed when this process exits.
 * Returns the function that removes it.
 */
export function writeDevEnv(
  file: string,
  variables: Readonly<Record<string, string>>,
  pid = process.pid,
): () => void {
  const lines = [header(pid)];
  for (const [key, value] of Object.entries(variables)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`not a variable name: '${key}'`);
    if (/[\r\n]/.test(value)) throw new Error(`${key} spans lines; ${file} holds one per line`);
    lines.push(`${key}=${value}`);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written aside and renamed, so a reader never sees half a file.
  const partial = `${file}.${pid}.tmp`;
  fs.writeFileSync(partial, `${lines.join('\n')}\n`, { mode: 0o600 });
  fs.renameSync(partial, file);
  let removed = false;
  const remove = (): void => {
    if (removed) return;
    removed = true;
    unregister();
    // Another `npm run up` in this clone may have replaced the file since: leave its file alone.
    if (readHeader(file) === header(pid)) fs.rmSync(file, { force: true });
  };
  const unregister = onProcessExit(remove);
  return remove;
}
