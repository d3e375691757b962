import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { connect } from 'node:net';
import { join } from 'node:path';
import { type AppProcess, startApp, waitForListening } from '../support/app-process';
import { REPO_ROOT, testEnv } from '../support/test-env';

jest.setTimeout(180_000);

const API = join(REPO_ROOT, 'dist/apps/api/src/main.js');
const CLI = join(REPO_ROOT, 'dist/apps/api/src/cli.js');
const MB = 1024 * 1024;
const LARGE = 15 * MB;
const ANONYMOUS_LIMIT = 60;
/** What a refused request may cost the server: the first socket reads, never the body. */
const REFUSED_READ_LIMIT = 1 * MB;

/**
 * Bytes the api process has read so far through read(2) and friends, sockets included
 * (`rchar` of /proc/<pid>/io): what the server actually took off the wire, which a relay in
 * front of it cannot see through the kernel's socket buffers.
 */
function bytesRead(app: AppProcess): number {
  const io = readFileSync(`/proc/${app.child.pid}/io`, 'utf8');
  return Number(/^rchar: (\d+)$/m.exec(io)?.[1]);
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  /** Whether the server closed the connection (the client never does before it is answered). */
  closedByServer: boolean;
  /** Bytes of the body the client managed to send before it was answered and closed. */
  bodyBytesSent: number;
}

interface SendOptions {
  headers?: Record<string, string>;
  /** Send the body chunked, without a Content-Length. */
  chunked?: boolean;
  /** Local address to connect from: a loopback address of its own gets its own IP budget. */
  from: string;
}

/** A JSON body of exactly `size` bytes: an empty batch padded with whitespace. */
function bodyChunk(offset: number, length: number, size: number): Buffer {
  const head = '{"profiles":[';
  const tail = ']}';
  const chunk = Buffer.alloc(length, 0x20);
  if (offset === 0) chunk.write(head, 0);
  if (offset + length === size) chunk.write(tail, length - tail.length);
  return chunk;
}

function parseAnswer(raw: Buffer): Omit<Answer, 'closedByServer' | 'bodyBytesSent'> | undefined {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
    }),
  );
  const length = Number(headers['content-length']);
  const body = raw.subarray(end + 4);
  if (!(body.length >= length)) return undefined;
  return {
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: JSON.parse(body.subarray(0, length).toString('utf8')) as Record<string, unknown>,
  };
}

/**
 * POSTs a `size`-byte body to the batch route over a keep-alive connection as fast as the
 * socket takes it, reading whatever comes back between chunks (as curl does): it stops
 * sending once it has an answer or the server closed the connection, and otherwise sends the
 * whole body. A server that answers early must not have read what was still on its way.
 */
async function postBatch(port: number, size: number, options: SendOptions): Promise<Answer> {
  const socket = connect({ port, host: '127.0.0.1', localAddress: options.from });
  await once(socket, 'connect');
  const received: Buffer[] = [];
  let closedByServer = false;
  let open = true;
  let sent = 0;
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  socket.on('error', () => undefined);
  let destroyedByClient = false;
  socket.once('end', () => (closedByServer = true));
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      closedByServer ||= !destroyedByClient;
      open = false;
      resolve();
    }),
  );
  const answered = () => parseAnswer(Buffer.concat(received)) !== undefined;
  const framing = options.chunked
    ? 'Transfer-Encoding: chunked\r\n'
    : `Content-Length: ${size}\r\n`;
  const extra = Object.entries(options.headers ?? {})
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.write(
    `POST /v1/profiles/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
      `${framing}${extra}\r\n`,
  );
  while (open && !closedByServer && sent < size && !answered()) {
    const length = Math.min(64 * 1024, size - sent);
    const chunk = bodyChunk(sent, length, size);
    const framed = options.chunked
      ? Buffer.concat([Buffer.from(`${length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')])
      : chunk;
    const flushed = socket.write(framed);
    sent += length;
    // Not `once(socket, 'drain')`: it rejects on the EPIPE a closed connection raises.
    if (!flushed)
      await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), closed]);
    else await new Promise((resolve) => setImmediate(resolve));
  }
  if (open && options.chunked && sent === size) socket.write('0\r\n\r\n');
  const deadline = Date.now() + 30_000;
  while (open && !answered()) {
    if (Date.now() > deadline) throw new Error('no answer within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const answer = parseAnswer(Buffer.concat(received));
  if (!answer) throw new Error('the connection closed without an answer');
  // A `Connection: close` answer is followed by the server's FIN.
  if (answer.headers.connection === 'close') {
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2_000))]);
  }
  destroyedByClient = true;
  socket.destroy();
  return { ...answer, closedByServer, bodyBytesSent: sent };
}

/** What the server read while answering one request (measured once the socket is gone). */
async function readWhile(app: AppProcess, request: () => Promise<Answer>) {
  const before = bytesRead(app);
  const answer = await request();
  await new Promise((resolve) => setTimeout(resolve, 100));
  return { answer, read: bytesRead(app) - before };
}

function uniqueLoopback(): string {
  return `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

async function createKey(env: Record<string, string>, scopes: string): Promise<string> {
  const cli = await startApp(
    env,
    CLI,
    [],
    ['api-keys', 'create', '--name', `early ${scopes}`, '--scopes', scopes, '--json'],
  );
  const [code] = await Promise.all([cli.exited, once(cli.child, 'close')]);
  if (code !== 0) throw new Error(`api-keys create failed:\n${cli.stderr.join('\n')}`);
  return (JSON.parse(cli.stdout.join('\n')) as { key: string }).key;
}

/**
 * The built api refuses what it must refuse before it reads the body: no key, a wrong key, an
 * exhausted budget, or a body larger than the caller's scope allows. The server's own read
 * counter shows how much of each body it took off the wire.
 */
describe('refusals before the body (built api)', () => {
  let api: AppProcess;
  let writer: string;
  let reader: string;

  beforeAll(async () => {
    if (![API, CLI].every((file) => existsSync(file))) {
      throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    }
    const env = testEnv({ RATE_LIMIT_ANONYMOUS: String(ANONYMOUS_LIMIT) });
    writer = await createKey(env, 'profiles:write');
    reader = await createKey(env, 'profiles:read');
    api = await startApp(env, API, []);
    await waitForListening(api);
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('a 15 MB POST without a key: 401 and the connection closed, having read a sliver of it', async () => {
    const { answer, read } = await readWhile(api, () =>
      postBatch(api.port, LARGE, { from: uniqueLoopback() }),
    );
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Bearer realm="scout"');
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect(answer.headers.connection).toBe('close');
    expect(answer.closedByServer).toBe(true);
    expect(answer.bodyBytesSent).toBeLessThan(LARGE);
    expect(read).toBeLessThan(REFUSED_READ_LIMIT);

    // A wrong key is the same: refused before its body.
    const wrong = await readWhile(api, () =>
      postBatch(api.port, LARGE, {
        from: uniqueLoopback(),
        headers: { authorization: `Bearer ${writer.slice(0, -4)}zzzz` },
      }),
    );
    expect(wrong.answer.status).toBe(401);
    expect(wrong.read).toBeLessThan(REFUSED_READ_LIMIT);
  });

  it('a small refused body is drained instead, and the connection kept', async () => {
    const answer = await postBatch(api.port, 1024, { from: uniqueLoopback() });
    expect(answer.status).toBe(401);
    expect(answer.headers.connection).toBe('keep-alive');
    expect(answer.closedByServer).toBe(false);
  });

  it('the same 15 MB from a key with profiles:write is read in full (the measure sees bodies)', async () => {
    const { answer, read } = await readWhile(api, () =>
      postBatch(api.port, LARGE, {
        from: uniqueLoopback(),
        headers: { authorization: `Bearer ${writer}` },
      }),
    );
    expect(answer.status).not.toBe(401);
    expect(answer.status).not.toBe(413);
    expect(answer.bodyBytesSent).toBe(LARGE);
    expect(read).toBeGreaterThanOrEqual(LARGE);
  });

  it('a key without profiles:write gets the 1 MiB default: 413 before a 15 MB body, closed', async () => {
    const { answer, read } = await readWhile(api, () =>
      postBatch(api.port, LARGE, {
        from: uniqueLoopback(),
        headers: { authorization: `Bearer ${reader}` },
      }),
    );
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(answer.headers.connection).toBe('close');
    expect(answer.closedByServer).toBe(true);
    expect(read).toBeLessThan(REFUSED_READ_LIMIT);

    // Chunked, without a Content-Length: cut off once the default is passed.
    const chunked = await readWhile(api, () =>
      postBatch(api.port, LARGE, {
        from: uniqueLoopback(),
        chunked: true,
        headers: { authorization: `Bearer ${reader}` },
      }),
    );
    expect(chunked.answer.status).toBe(413);
    expect(chunked.answer.closedByServer).toBe(true);
    expect(chunked.read).toBeLessThan(MB + REFUSED_READ_LIMIT);
  });

  it(`${ANONYMOUS_LIMIT + 10} anonymous POSTs in a row: 401s, then 429s, none of whose bodies is read`, async () => {
    const from = uniqueLoopback();
    const statuses: number[] = [];
    const reads: number[] = [];
    for (let i = 0; i < ANONYMOUS_LIMIT + 10; i++) {
      const { answer, read } = await readWhile(api, () => postBatch(api.port, 2 * MB, { from }));
      statuses.push(answer.status);
      reads.push(read);
      expect(answer.headers.connection).toBe('close');
      expect(answer.headers['ratelimit-limit']).toBe(String(ANONYMOUS_LIMIT));
      if (answer.status === 429) {
        expect(answer.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
        expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(answer.headers['ratelimit-remaining']).toBe('0');
      }
    }
    expect(statuses).toEqual([
      ...Array<number>(ANONYMOUS_LIMIT).fill(401),
      ...Array<number>(10).fill(429),
    ]);
    expect(Math.max(...reads)).toBeLessThan(REFUSED_READ_LIMIT);

    // Over budget, a 15 MB body is refused just as cheaply.
    const { answer, read } = await readWhile(api, () => postBatch(api.port, LARGE, { from }));
    expect(answer.status).toBe(429);
    expect(answer.closedByServer).toBe(true);
    expect(read).toBeLessThan(REFUSED_READ_LIMIT);
  });
});
