import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '@scout/config';
import { WebhookSender } from './webhook-sender';

function sender(allowedHosts: string[], timeoutMs = 1_000): WebhookSender {
  return new WebhookSender({ webhooks: { allowedHosts, timeoutMs } } as unknown as AppConfig);
}

describe('WebhookSender', () => {
  let server: Server;
  let hits: Array<{ method?: string; body: string; headers: Record<string, unknown> }>;
  let answer: (response: import('node:http').ServerResponse) => void;
  let url: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        hits.push({ method: request.method, body, headers: request.headers });
        answer(response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });

  beforeEach(() => {
    hits = [];
    answer = (response) => response.writeHead(204).end();
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('POSTs the body as JSON with the given headers to an allowlisted host', async () => {
    const result = await sender(['127.0.0.1']).send(url, '{"a":1}', { 'webhook-id': 'evt' });
    expect(result).toMatchObject({ kind: 'answered', status: 204 });
    expect(hits).toEqual([
      expect.objectContaining({
        method: 'POST',
        body: '{"a":1}',
        headers: expect.objectContaining({
          'webhook-id': 'evt',
          'content-type': 'application/json',
        }) as unknown,
      }),
    ]);
  });

  it('refuses a private address at send time without connecting', async () => {
    const result = await sender([]).send(url, '{}', {});
    expect(result).toMatchObject({ kind: 'failed', refused: true });
    expect(hits).toHaveLength(0);
  });

  it('refuses a name resolving to a private address when it connects, without a request', async () => {
    // The URL passes (a name, not an address); the pinned connection resolves it and refuses.
    const named = url.replace('127.0.0.1', 'localhost');
    const result = await sender(['127.0.0.1']).send(named, '{}', {});
    expect(result).toMatchObject({
      kind: 'failed',
      refused: true,
      reason: 'target refused: the host name resolves to a private or reserved address',
    });
    expect(hits).toHaveLength(0);
  });

  it('returns a redirect as an answer, without following it', async () => {
    answer = (response) => response.writeHead(302, { location: `${url}/elsewhere` }).end();
    const result = await sender(['127.0.0.1']).send(url, '{}', {});
    expect(result).toMatchObject({ kind: 'answered', status: 302 });
    expect(hits).toHaveLength(1);
  });

  it('reads Retry-After and gives up on an answer slower than the timeout', async () => {
    answer = (response) => response.writeHead(429, { 'retry-after': '7' }).end();
    await expect(sender(['127.0.0.1']).send(url, '{}', {})).resolves.toMatchObject({
      status: 429,
      retryAfterMs: 7_000,
    });
    answer = () => undefined;
    const slow = await sender(['127.0.0.1'], 200).send(url, '{}', {});
    expect(slow).toMatchObject({
      kind: 'failed',
      refused: false,
      reason: 'timed out after 200 ms',
    });
    expect(slow.latencyMs).toBeLessThan(1_000);
  });
});
