import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './app-process';

const run = promisify(execFile);

/** A throwaway Redis Cluster of three primaries on loopback, each a real `redis-server`. */
export interface RedisCluster {
  /** `REDIS_URL` for Scout: every node, comma-separated. */
  url: string;
  ports: number[];
  /** Runs `redis-cli` against one node (cluster mode, follows redirects) and returns its output. */
  cli(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

/** Whether this machine can start a cluster (`redis-server` and `redis-cli` on PATH). */
export function canStartRedisCluster(): boolean {
  return ['redis-server', 'redis-cli'].every(
    (binary) => spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0,
  );
}

async function clusterState(port: number): Promise<string> {
  const { stdout } = await run('redis-cli', ['-p', String(port), 'cluster', 'info']);
  return /cluster_state:(\w+)/.exec(stdout)?.[1] ?? 'unknown';
}

/**
 * Starts three cluster-enabled `redis-server`s without persistence, joins them with
 * `redis-cli --cluster create` (every slot assigned, no replicas) and waits until each node
 * reports the cluster ok.
 */
export async function startRedisCluster(): Promise<RedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'scout-redis-cluster-'));
  const ports = [await freePort(), await freePort(), await freePort()];
  const children: ChildProcess[] = ports.map((port) =>
    spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(dir, `nodes-${port}.conf`),
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { stdio: 'ignore' },
    ),
  );
  const stop = (): Promise<void> => stopAll(children, dir);
  try {
    for (const port of ports) {
      await waitUntil(async () => (await run('redis-cli', ['-p', String(port), 'ping'])).stdout);
    }
    await run('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((port) => `127.0.0.1:${port}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    for (const port of ports) {
      await waitUntil(async () => ((await clusterState(port)) === 'ok' ? 'ok' : ''));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: ports.map((port) => `redis://127.0.0.1:${port}`).join(','),
    ports,
    cli: async (args) =>
      (await run('redis-cli', ['-c', '-p', String(ports[0]), ...args])).stdout.trim(),
    stop,
  };
}

/** A throwaway Redis primary watched by one Sentinel (quorum 1), both real processes. */
export interface RedisSentinel {
  /** `REDIS_URL` for Scout: the sentinel's address. */
  url: string;
  /** The name the sentinel knows the primary by (`REDIS_SENTINEL_NAME`). */
  name: string;
  stop(): Promise<void>;
}

/** Starts a primary and a sentinel monitoring it, and waits until the sentinel names it. */
export async function startRedisSentinel(): Promise<RedisSentinel> {
  const dir = mkdtempSync(join(tmpdir(), 'scout-redis-sentinel-'));
  const [primaryPort, sentinelPort] = [await freePort(), await freePort()];
  const name = 'scout-primary';
  const configFile = join(dir, 'sentinel.conf');
  writeFileSync(
    configFile,
    [
      `port ${sentinelPort}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor ${name} 127.0.0.1 ${primaryPort} 1`,
      '',
    ].join('\n'),
  );
  const children = [
    spawn('redis-server', ['--port', String(primaryPort), '--bind', '127.0.0.1', '--save', ''], {
      stdio: 'ignore',
    }),
    spawn('redis-server', [configFile, '--sentinel'], { stdio: 'ignore' }),
  ];
  const stop = (): Promise<void> => stopAll(children, dir);
  try {
    await waitUntil(async () => {
      const { stdout } = await run('redis-cli', [
        '-p',
        String(sentinelPort),
        'sentinel',
        'get-master-addr-by-name',
        name,
      ]);
      return stdout.includes(String(primaryPort)) ? stdout : '';
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis://127.0.0.1:${sentinelPort}`, name, stop };
}

async function stopAll(children: ChildProcess[], dir: string): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
  rmSync(dir, { recursive: true, force: true });
}

async function waitUntil(check: () => Promise<string>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await check()).length > 0) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error('the Redis cluster did not come up in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
