import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Supervisor } from '../../scripts/lib/supervisor';

jest.setTimeout(30_000);

/**
 * A process that records each start (time and pid) in `log`, then: starts 1–4 exit with code 3
 * at once, start 5 stays up `healthyMs` and dies of SIGKILL, later starts stay up until stopped.
 */
const CRASHER = `
const fs = require('node:fs');
const log = process.env.STARTS_FILE;
fs.appendFileSync(log, JSON.stringify({ at: Date.now(), pid: process.pid }) + '\\n');
const start = fs.readFileSync(log, 'utf8').trim().split('\\n').length;
console.log('start ' + start);
if (start <= 4) process.exit(3);
if (start === 5) setTimeout(() => process.kill(process.pid, 'SIGKILL'), Number(process.env.HEALTHY_MS));
else setInterval(() => undefined, 1000);
`;

function starts(file: string): Array<{ at: number; pid: number }> {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm run up: app supervisor', () => {
  let dir: string;
  let supervisor: Supervisor | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scout-supervisor-'));
  });
  afterEach(async () => {
    await supervisor?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('restarts a crashing process with doubling, capped backoff, resets it after a healthy run, and stops for good', async () => {
    const file = path.join(dir, 'starts');
    const lines: string[] = [];
    const output: string[] = [];
    supervisor = new Supervisor({
      child: {
        name: 'crasher',
        command: process.execPath,
        args: ['-e', CRASHER],
        env: { PATH: process.env.PATH ?? '', STARTS_FILE: file, HEALTHY_MS: '1500' },
        detached: true,
        onLine: (line) => output.push(line),
      },
      log: (line) => lines.push(line),
      initialDelayMs: 200,
      maxDelayMs: 500,
      resetAfterMs: 1_200,
      stopGraceMs: 2_000,
    });
    supervisor.start();
    await until(() => output.filter((line) => line.startsWith('start ')).length === 6, 15_000);

    const crashLines = lines.filter((line) => line.includes('exited unexpectedly'));
    expect(crashLines).toHaveLength(5);
    expect(crashLines[0]).toMatch(
      /^crasher exited unexpectedly \(exit code 3\) after [\d.]+ s; restarting in 0\.2 s \(at \d\d:\d\d:\d\d, crash 1\)$/,
    );
    const delays = crashLines.map((line) => /restarting in ([\d.]+) s/.exec(line)?.[1]);
    // Doubling, capped at 0.5 s; after start 5 ran longer than 1.2 s the delay is back to 0.2 s.
    expect(delays).toEqual(['0.2', '0.4', '0.5', '0.5', '0.2']);
    expect(crashLines[4]).toContain('(signal SIGKILL)');
    expect(lines.filter((line) => line === 'crasher: restarting')).toHaveLength(5);

    const times = starts(file).map((start) => start.at);
    const gaps = times.slice(1).map((at, i) => at - times[i]);
    [200, 400, 500, 500, 1_500 + 200].forEach((least, i) =>
      expect(gaps[i]).toBeGreaterThanOrEqual(least),
    );
    expect(output.filter((line) => line.startsWith('start '))).toHaveLength(6);
    expect(supervisor.crashCount).toBe(5);

    const last = starts(file)[5];
    const exit = await supervisor.stop();
    expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(alive(last.pid)).toBe(false);
    // A stop is not a crash: no restart line, no new start.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(starts(file)).toHaveLength(6);
    expect(lines.filter((line) => line.includes('exited unexpectedly'))).toHaveLength(5);
  });

  it('a stop during the wait for a restart cancels the restart', async () => {
    const file = path.join(dir, 'starts');
    const lines: string[] = [];
    supervisor = new Supervisor({
      child: {
        name: 'crasher',
        command: process.execPath,
        args: ['-e', CRASHER],
        env: { PATH: process.env.PATH ?? '', STARTS_FILE: file, HEALTHY_MS: '1500' },
      },
      log: (line) => lines.push(line),
      initialDelayMs: 500,
    });
    supervisor.start();
    await until(() => lines.some((line) => line.includes('restarting in 0.5 s')), 10_000);
    expect(await supervisor.stop()).toEqual({ code: 3, signal: null });
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(starts(file)).toHaveLength(1);
    expect(lines).not.toContain('crasher: restarting');
  });
});
