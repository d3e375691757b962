import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { type ApiHarness, startApiHarness } from '../support/api-harness';

jest.setTimeout(60_000);

const HEADERS_TIMEOUT_MS = 1_000;
const BODY_TIMEOUT_MS = 2_000;
/** Node's deadline sweep runs every quarter of the shorter deadline; allow it and a busy machine. */
const SLACK_MS = 1_500;
const TRICKLE_EVERY_MS = 100;

interface Trickled {
  /** Time from connecting until the server closed the connection. */
  closedAfterMs: number;
  /** What the server sent before closing. */
  received: string;
}

/**
 * A slowloris client: sends `opening` at once, then one more byte of `trickle` every
 * TRICKLE_EVERY_MS (so the socket is never idle), until the server closes the connection.
 */
function trickle(port: number, opening: string, trickled: string): Promise<Trickled> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect({ port, host: '127.0.0.1' });
    let received = '';
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.on('error', () => undefined);
    socket.on('connect', () => {
      socket.write(opening);
      timer = setInterval(() => {
        if (sent >= trickled.length) {
          clearInterval(timer);
          reject(new Error('the server let the whole slow request through'));
          socket.destroy();
          return;
        }
        socket.write(trickled[sent]);
        sent += 1;
      }, TRICKLE_EVERY_MS);
    });
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ closedAfterMs: Date.now() - started, received });
    });
  });
}

/** One request on a connection of its own (no pool left open after the test). */
function send(
  port: number,
  method: string,
  path: string,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        headers: body ? { 'content-type': 'application/json' } : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A well-behaved client asking `/health/live` every 100 ms until `until` settles. */
async function pollWhile(port: number, until: Promise<unknown>): Promise<number[]> {
  let done = false;
  void until.finally(() => {
    done = true;
  });
  const statuses: number[] = [];
  while (!done) {
    statuses.push((await send(port, 'GET', '/health/live')).status);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return statuses;
}

describe('slow clients (slowloris)', () => {
  let api: ApiHarness;
  let port: number;

  beforeAll(async () => {
    api = await startApiHarness({
      HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      HTTP_BODY_TIMEOUT_MS: String(BODY_TIMEOUT_MS),
      REQUEST_TIMEOUT_MS: '3000',
      // Dependency deadlines must stay inside the request's.
      MONGODB_READ_TIMEOUT_MS: '2000',
      MONGODB_WRITE_TIMEOUT_MS: '2500',
    });
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    port = (api.app.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(async () => {
    await api?.close();
  });

  it('closes a connection whose headers trickle in, within HTTP_HEADERS_TIMEOUT_MS, while serving others', async () => {
    const slow = trickle(
      port,
      'GET /health/live HTTP/1.1\r\nHost: scout\r\n',
      `X-Slow: ${'a'.repeat(1_000)}\r\n\r\n`,
    );
    const statuses = await pollWhile(port, slow);
    const { closedAfterMs, received } = await slow;
    expect(closedAfterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
    expect(closedAfterMs).toBeLessThan(HEADERS_TIMEOUT_MS + SLACK_MS);
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(statuses.length).toBeGreaterThanOrEqual(3);
    expect(new Set(statuses)).toEqual(new Set([200]));
  });

  it('closes a connection whose body trickles in, within HTTP_BODY_TIMEOUT_MS, while serving others', async () => {
    const body = JSON.stringify({ name: 'n'.repeat(40) }).padEnd(1_000, ' ');
    const slow = trickle(
      port,
      [
        'POST /v1/test/echo HTTP/1.1',
        'Host: scout',
        'Content-Type: application/json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        '',
        '',
      ].join('\r\n'),
      body,
    );
    const statuses = await pollWhile(port, slow);
    const { closedAfterMs, received } = await slow;
    expect(closedAfterMs).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 50);
    expect(closedAfterMs).toBeLessThan(BODY_TIMEOUT_MS + SLACK_MS);
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(statuses.length).toBeGreaterThanOrEqual(5);
    expect(new Set(statuses)).toEqual(new Set([200]));
  });

  it('still answers a request that arrives in time', async () => {
    const response = await send(port, 'POST', '/v1/test/echo', JSON.stringify({ name: 'prompt' }));
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ name: 'prompt' });
  });
});
