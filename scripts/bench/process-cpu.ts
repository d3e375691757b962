// CPU time of the bench's processes from /proc: per labelled process (the api, the worker, the
// database server and Redis) for the split of a phase's cost, and of the whole process tree
// against the machine's for how much other work shared the cores. The tree is walked to any
// depth: PostgreSQL (FerretDB's default backend) runs two levels down, under `runuser`, and its
// backends are its children.
import fs from 'node:fs';

/** CPU seconds (user + system) of processes, by label. */
export type ProcessCpu = Map<string, number>;

/** USER_HZ: the unit of /proc times (100 on every common Linux). */
const TICKS_PER_SECOND = 100;

/** One live process: its parent, and its CPU ticks with those of its reaped children. */
interface ProcessTicks {
  pid: number;
  ppid: number;
  ticks: number;
}

/** The fields after a /proc/<pid>/stat line's parenthesised command name (state is [0]). */
function statFields(pid: string): string[] {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/**
 * The bench process and its live descendants. Each counts utime + stime + cutime + cstime
 * (fields 11–14 after the name): a process's reaped children are gone from /proc, so their time
 * is counted once, in their parent's, and a live child's is never counted twice.
 */
function benchTree(): ProcessTicks[] {
  const all: ProcessTicks[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const fields = statFields(name);
      const ticks = fields.slice(11, 15).reduce((sum, field) => sum + Number(field), 0);
      all.push({ pid: Number(name), ppid: Number(fields[1]), ticks });
    } catch {
      // The process ended between listing and reading.
    }
  }
  const inTree = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const entry of all) {
      if (!inTree.has(entry.pid) && inTree.has(entry.ppid)) {
        inTree.add(entry.pid);
        grew = true;
      }
    }
  }
  return all.filter((entry) => inTree.has(entry.pid));
}

/**
 * What a descendant process is, from its command line; undefined for ones not reported.
 * PostgreSQL is told by its program (the server, or a backend's title `postgres: …`, which names
 * the `ferretdb` database) before FerretDB is looked for anywhere in the line.
 */
function labelOf(cmdline: string): string | undefined {
  const program = cmdline.split(' ')[0] ?? '';
  if (/(^|\/)postgres$/.test(program) || cmdline.startsWith('postgres: ')) return 'PostgreSQL';
  if (/ferretdb/i.test(cmdline)) return 'FerretDB';
  if (/mongod\b/.test(cmdline)) return 'mongod';
  if (/redis-server/.test(cmdline)) return 'Redis';
  if (cmdline.includes('dist/apps/worker/src/main.js')) return 'worker';
  if (cmdline.includes('dist/apps/api/src/main.js')) return 'api';
  if (cmdline.includes('scripts/bench/proxy-server.ts')) return 'proxy';
  return undefined;
}

/**
 * CPU seconds so far of this process ("bench") and of its descendants that run Scout or its
 * services, read from /proc (Linux only; elsewhere just the bench's own figure).
 */
export function processCpu(): ProcessCpu {
  const result: ProcessCpu = new Map();
  const own = process.cpuUsage();
  result.set('bench', (own.user + own.system) / 1e6);
  let tree: ProcessTicks[];
  try {
    tree = benchTree();
  } catch {
    return result;
  }
  for (const entry of tree) {
    if (entry.pid === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry.pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const label = labelOf(cmdline);
      if (label) result.set(label, (result.get(label) ?? 0) + entry.ticks / TICKS_PER_SECOND);
    } catch {
      // The process ended between listing and reading.
    }
  }
  return result;
}

/** CPU seconds each process spent between two {@link processCpu} readings. */
export function cpuBetween(before: ProcessCpu, after: ProcessCpu): ProcessCpu {
  const result: ProcessCpu = new Map();
  for (const [label, seconds] of after) {
    result.set(label, Math.max(0, seconds - (before.get(label) ?? 0)));
  }
  return result;
}

/**
 * The database engine's CPU seconds in a {@link processCpu} difference: the MongoDB-compatible
 * server, and on FerretDB's PostgreSQL backend the PostgreSQL server too, which does the scans.
 */
export function engineCpu(cpu: ProcessCpu): number {
  return (cpu.get('FerretDB') ?? 0) + (cpu.get('PostgreSQL') ?? 0) + (cpu.get('mongod') ?? 0);
}

/** The engine's processes by name, as the reports print them. */
export function engineName(cpu: ProcessCpu): string {
  if (!cpu.has('FerretDB')) return 'mongod';
  return cpu.has('PostgreSQL') ? 'FerretDB + PostgreSQL' : 'FerretDB';
}

/** Busy CPU seconds of the whole machine and of the bench's own process tree, so far. */
export interface MachineCpu {
  machine: number;
  bench: number;
}

/**
 * Reads the machine's busy CPU time (/proc/stat) and the bench's own process tree: this
 * process, its live descendants at any depth (servers, services, PostgreSQL's backends) and
 * their reaped children (CLI runs, index syncs). The difference between two readings is what
 * other processes took from the cores during the run. Undefined off Linux.
 */
export function machineCpu(): MachineCpu | undefined {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    // cpu user nice system idle iowait irq softirq steal …
    const [, user, nice, system, , , irq, softirq, steal] = line.split(/\s+/).map(Number);
    const machine =
      ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) /
      TICKS_PER_SECOND;
    const bench = benchTree().reduce((sum, entry) => sum + entry.ticks, 0);
    return { machine, bench: bench / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}
