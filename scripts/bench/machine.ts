// What the report says about the run itself: the bench's log line, the machine, the other load
// on it while the bench ran, the database server, and the commit measured.
import os from 'node:os';

import { run } from '../lib/processes';
import { REPO_ROOT } from '../lib/system';
import { machineCpu } from './process-cpu';
import { fmt } from './report';

const startedAt = performance.now();
/** Other load on the machine when the bench started (the figures assume an idle machine). */
export const loadAtStart = os.loadavg();
const cpuAtStart = machineCpu();

/** Seconds since the bench started. */
export function elapsedSeconds(): number {
  return (performance.now() - startedAt) / 1000;
}

/** One line of the bench's log, stamped with the seconds since it started. */
export function say(line: string): void {
  console.log(`[bench ${elapsedSeconds().toFixed(0).padStart(4)}s] ${line}`);
}

/** The machine section of the report: cores, memory, OS, Node.js, load, and the servers. */
export function machineFacts(serviceLines: string[], mongo: string): Array<[string, string]> {
  const described = (service: string): string => {
    const line = serviceLines.find((l) => l.startsWith(`${service}: `)) ?? `${service}: unknown`;
    return line.slice(service.length + 2).replace(/ on 127\.0\.0\.1:\d+.*$/, '');
  };
  const cpus = os.cpus();
  return [
    ['CPU', `${cpus.length} cores (os.cpus().length), ${cpus[0]?.model.trim() ?? 'unknown model'}`],
    ['memory', `${fmt(os.totalmem() / 2 ** 30, 1)} GiB`],
    ['OS', `${os.type()} ${os.release()} (${os.arch()})`],
    ['Node.js', process.version],
    ['load average at start', loadAtStart.map((l) => fmt(l, 2)).join(', ')],
    ['other load during the run', otherLoad()],
    ['MongoDB-compatible server', `${described('mongo')}; buildInfo: ${mongo}`],
    ['Redis', described('redis')],
  ];
}

/** CPU that processes outside the bench's own tree took during the run, from /proc. */
export function otherLoad(): string {
  const now = machineCpu();
  if (!now || !cpuAtStart) return 'unknown (no /proc)';
  const wall = elapsedSeconds();
  const other = Math.max(0, now.machine - cpuAtStart.machine - (now.bench - cpuAtStart.bench));
  const cores = os.cpus().length;
  return (
    `${fmt(other, 0)} CPU-seconds by processes outside the bench ` +
    `(${fmt((100 * other) / (wall * cores), 1)}% of ${cores} cores over ${fmt(wall / 60, 1)} min)`
  );
}

/** The database server as the services log described it, without its throwaway ports. */
export function serverLine(serviceLines: string[], buildInfo: string): string {
  const line = serviceLines.find((l) => l.startsWith('mongo: ')) ?? 'mongo: unknown';
  return `${line.slice('mongo: '.length).replace(/ on 127\.0\.0\.1:\d+/g, '')}; buildInfo: ${buildInfo}`;
}

/** The short commit measured, marked when the tree has uncommitted changes. */
export async function gitCommit(): Promise<string> {
  const options = { cwd: REPO_ROOT, timeoutMs: 10_000 };
  const head = await run('git', ['rev-parse', '--short', 'HEAD'], options);
  const status = await run('git', ['status', '--porcelain'], options);
  const sha = head.code === 0 ? head.stdout.trim() : 'unknown';
  return status.code === 0 && status.stdout.trim() ? `${sha} (with uncommitted changes)` : sha;
}
