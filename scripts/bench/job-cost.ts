// A scrape job's own cost against its floor, for the scraping part of `npm run bench`: (d) a bare
// loop that fetches and parses the same fake-site pages with Scout's parser, in a process of its
// own, and a count of the database round trips the worker makes per job, taken by a relay that
// reads the MongoDB wire protocol between the worker and the database server.
import { connect, createServer, type Socket } from 'node:net';
import path from 'node:path';

import { run } from '../lib/processes';
import { REPO_ROOT } from '../lib/system';

const BARE_ENTRY = path.join(REPO_ROOT, 'scripts/bench/bare-scrape.ts');
const BARE_TIMEOUT_MS = 5 * 60_000;

/** What the bare fetch + parse loop cost. */
export interface Floor {
  jobs: number;
  cpuSeconds: number;
  seconds: number;
}

/**
 * Runs the bare loop over `publicIds` in a child process, so its CPU is the loop's alone (the fake
 * site runs in the bench process, as it does for the worker's figures).
 */
export async function measureFloor(
  siteUrl: string,
  publicIds: readonly string[],
  concurrency: number,
): Promise<Floor> {
  const result = await run(process.execPath, ['-r', '@swc-node/register', BARE_ENTRY], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      BENCH_SITE_URL: siteUrl,
      BENCH_PUBLIC_IDS: publicIds.join(','),
      BENCH_CONCURRENCY: String(concurrency),
    },
    timeoutMs: BARE_TIMEOUT_MS,
  });
  if (result.code !== 0) throw new Error(`bare fetch + parse loop failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as Floor;
}

/** A relay in front of the database that counts the requests sent through it. */
export interface CountingRelay {
  /** `mongoUri` with the relay's address in place of the server's. */
  uri: string;
  /** Requests (wire-protocol messages from client to server) so far. */
  requests(): number;
  close(): Promise<void>;
}

/**
 * Starts a relay to the server of `mongoUri` (host:port form) that counts every message a client
 * sends: each one is a command and one round trip, since the driver does not pipeline.
 */
export async function startCountingRelay(mongoUri: string): Promise<CountingRelay> {
  const url = new URL(mongoUri);
  let requests = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(url.port), url.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    // Every message starts with its length (int32, little endian), the header included.
    let pending: Buffer = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
        requests++;
        pending = pending.subarray(pending.readInt32LE(0));
      }
    });
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('relay has no TCP address');
  const relayed = new URL(mongoUri);
  relayed.host = `127.0.0.1:${address.port}`;
  return {
    uri: relayed.toString().replace(/\/$/, ''),
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
