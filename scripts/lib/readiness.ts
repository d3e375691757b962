import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

import { describeExit, type Child } from './processes';

/** Asks the OS for a free TCP port on 127.0.0.1 (bind port 0, read it, close), for throwaway servers. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not get a free port'))));
    });
  });
}

/** Sends `request` on a fresh connection and collects the reply until `isComplete` says it is whole. */
function exchange(
  port: number,
  request: Buffer,
  isComplete: (reply: Buffer) => boolean,
  timeoutMs = 1000,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let reply = Buffer.alloc(0);
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(reply);
    };
    const timer = setTimeout(() => finish(new Error(`no reply within ${timeoutMs} ms`)), timeoutMs);
    socket.once('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      reply = Buffer.concat([reply, chunk]);
      if (isComplete(reply)) finish();
    });
    socket.once('error', (error) => finish(error));
    socket.once('close', () => finish(new Error('connection closed before a full reply')));
  });
}

/** True when a Redis server on `port` answers PING with +PONG (not just accepts connections). */
export async function redisAnswers(port: number): Promise<boolean> {
  const reply = await exchange(port, Buffer.from('PING\r\n'), (r) => r.includes('\r\n'));
  return reply.toString('latin1').startsWith('+PONG');
}

/** BSON document {hello: 1, $db: 'admin'}. */
function helloDocument(): Buffer {
  const body = Buffer.concat([
    Buffer.from([0x10]),
    Buffer.from('hello\0', 'latin1'),
    int32(1),
    Buffer.from([0x02]),
    Buffer.from('$db\0', 'latin1'),
    int32('admin'.length + 1),
    Buffer.from('admin\0', 'latin1'),
    Buffer.from([0x00]),
  ]);
  return Buffer.concat([int32(body.length + 4), body]);
}

function int32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32LE(value);
  return buffer;
}

const OP_MSG = 2013;
/** The BSON element `ok: 1.0` (type double), as servers send it in a successful reply. */
const OK_ONE = Buffer.from([0x01, 0x6f, 0x6b, 0x00, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);

/** True when a MongoDB-wire server on `port` answers an OP_MSG `hello` with ok: 1. */
export async function mongoAnswers(port: number): Promise<boolean> {
  const document = helloDocument();
  // Header (length, requestID, responseTo, opCode), flagBits, one kind-0 section.
  const header = Buffer.concat([int32(16 + 4 + 1 + document.length), int32(1), int32(0)]);
  const request = Buffer.concat([header, int32(OP_MSG), int32(0), Buffer.from([0]), document]);
  const reply = await exchange(port, request, (r) => r.length >= 4 && r.length >= r.readInt32LE(0));
  return reply.readInt32LE(12) === OP_MSG && reply.includes(OK_ONE);
}

/** What {@link waitUntilReady} waits for. */
export interface ReadinessCheck {
  /** For messages, e.g. "FerretDB on 127.0.0.1:40123". */
  label: string;
  probe: () => Promise<boolean>;
  timeoutMs: number;
  /** The server process: if it exits we fail at once, with its output. */
  child?: Child;
  /** Extra context for the timeout message when there is no child (e.g. container logs). */
  describe?: () => Promise<string>;
}

/**
 * Polls `probe` until it succeeds; fails at once if the child exits and after `timeoutMs` otherwise,
 * with the child's last output in the message, so a broken server never hangs a run.
 */
export async function waitUntilReady(check: ReadinessCheck): Promise<void> {
  const deadline = Date.now() + check.timeoutMs;
  let lastProblem: string;
  for (;;) {
    const exit = check.child?.exitInfo;
    if (exit && check.child) {
      throw new Error(
        `${check.label} exited during start-up (${describeExit(exit)}). Last output:\n${check.child.tail()}`,
      );
    }
    try {
      if (await check.probe()) return;
      lastProblem = 'server answered but is not ready';
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) {
      const context = check.child
        ? check.child.tail()
        : check.describe
          ? await check.describe().catch(() => '(no logs)')
          : '(no output)';
      throw new Error(
        `${check.label} was not ready within ${Math.round(check.timeoutMs / 1000)} s ` +
          `(last probe: ${lastProblem}). Last output:\n${context}`,
      );
    }
    await (check.child ? Promise.race([delay(150), check.child.exited]) : delay(150));
  }
}
