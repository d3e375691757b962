import { randomInt } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { profileBody } from '../support/factories';

jest.setTimeout(60_000);

const ALLOWED_ORIGIN = 'https://app.scout.example';

function uniqueIp(): string {
  return `203.0.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

describe('HTTP hardening', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApiHarness({
      CORS_ORIGINS: ALLOWED_ORIGIN,
      TRUST_PROXY: '127.0.0.1',
      RATE_LIMIT_ANONYMOUS: '5',
      REQUEST_TIMEOUT_MS: '2000',
      // Dependency deadlines must be shorter than the request's.
      MONGODB_READ_TIMEOUT_MS: '1500',
      MONGODB_WRITE_TIMEOUT_MS: '1900',
      REDIS_COMMAND_TIMEOUT_MS: '500',
      COMPRESSION_THRESHOLD_BYTES: '1024',
      SLOW_REQUEST_MS: '50',
      SLOW_MONGO_COMMAND_MS: '1',
    });
  });

  afterAll(async () => {
    await api.close();
  });

  describe('security headers', () => {
    it('sends a strict CSP and the usual helmet headers on API responses', async () => {
      const response = await api.app.inject({ method: 'GET', url: '/v1/profiles' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-security-policy']).toBe(
        "default-src 'none';frame-ancestors 'none'",
      );
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['strict-transport-security']).toContain('max-age=');
      expect(response.headers['x-powered-by']).toBeUndefined();
    });

    it('leaves Swagger UI without a CSP so its page still loads', async () => {
      const response = await api.app.inject({ method: 'GET', url: '/docs' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.headers['content-security-policy']).toBeUndefined();
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    });
  });

  describe('CORS', () => {
    it('answers an allowlisted origin, preflight included', async () => {
      const simple = await api.app.inject({
        method: 'GET',
        url: '/v1/profiles',
        headers: { origin: ALLOWED_ORIGIN },
      });
      expect(simple.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
      expect(simple.headers['access-control-expose-headers']).toContain('ratelimit-remaining');
      const preflight = await api.injectAnonymous({
        method: 'OPTIONS',
        url: '/v1/profiles',
        headers: {
          origin: ALLOWED_ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
      expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    });

    it('sends no CORS headers to other origins', async () => {
      const response = await api.app.inject({
        method: 'GET',
        url: '/v1/profiles',
        headers: { origin: 'https://elsewhere.example' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('sends none at all when no origin is configured', async () => {
      const plain = await startApiHarness();
      try {
        const response = await plain.app.inject({
          method: 'GET',
          url: '/v1/profiles',
          headers: { origin: ALLOWED_ORIGIN },
        });
        expect(response.statusCode).toBe(200);
        expect(response.headers['access-control-allow-origin']).toBeUndefined();
      } finally {
        await plain.close();
      }
    });
  });

  describe('trusted proxies', () => {
    /** The anonymous budget left after one request, which is keyed by the client IP. */
    async function remainingAfter(remoteAddress: string, forwardedFor: string): Promise<string> {
      const response = await api.injectAnonymous({
        method: 'GET',
        url: '/v1/test/slow?ms=0',
        remoteAddress,
        headers: { 'x-forwarded-for': forwardedFor },
      });
      return String(response.headers['ratelimit-remaining']);
    }

    it('takes the client IP from X-Forwarded-For when the peer is a trusted proxy', async () => {
      expect(await remainingAfter('127.0.0.1', uniqueIp())).toBe('4');
      expect(await remainingAfter('127.0.0.1', uniqueIp())).toBe('4');
    });

    it('ignores X-Forwarded-For from an untrusted peer', async () => {
      const peer = `192.0.2.${randomInt(1, 255)}`;
      expect(await remainingAfter(peer, uniqueIp())).toBe('4');
      expect(await remainingAfter(peer, uniqueIp())).toBe('3');
    });
  });

  it('answers 503 REQUEST_TIMEOUT problem details when a request outlives the deadline', async () => {
    const response = await api.app.inject({
      method: 'GET',
      url: '/v1/test/slow?ms=2600',
      // Public routes spend the anonymous budget of 5 (shared through Redis): an address each.
      headers: { 'x-forwarded-for': uniqueIp() },
    });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.headers['retry-after']).toBe('1');
    expect(response.json()).toMatchObject({
      status: 503,
      code: 'REQUEST_TIMEOUT',
      instance: '/v1/test/slow',
      requestId: response.headers['x-request-id'],
    });
    // The handler finishes later; its answer is dropped without an error line.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const lines = api.logs.filter((entry) => entry.requestId === response.headers['x-request-id']);
    expect(lines.map((entry) => entry.msg)).toEqual(['slow request']);
  });

  describe('compression', () => {
    beforeAll(async () => {
      const profiles = Array.from({ length: 40 }, () => profileBody());
      const created = await api.app.inject({
        method: 'POST',
        url: '/v1/profiles/batch',
        payload: { profiles },
      });
      expect(created.statusCode).toBe(200);
    });

    it.each([
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const)('compresses a large list with %s to the same JSON', async (encoding, decode) => {
      const plain = await api.app.inject({ method: 'GET', url: '/v1/profiles?limit=100' });
      const compressed = await api.app.inject({
        method: 'GET',
        url: '/v1/profiles?limit=100',
        headers: { 'accept-encoding': encoding },
      });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(compressed.headers['content-encoding']).toBe(encoding);
      expect(compressed.headers.vary).toContain('accept-encoding');
      // Small enough payloads are compressed in one go and keep an exact Content-Length; larger
      // ones stream (chunked). Either way a length, when sent, is the compressed one.
      const length = compressed.headers['content-length'];
      if (length !== undefined) expect(Number(length)).toBe(compressed.rawPayload.length);
      expect(compressed.rawPayload.length).toBeLessThan(plain.rawPayload.length);
      expect(JSON.parse(decode(compressed.rawPayload).toString('utf8'))).toEqual(plain.json());
    });

    it('answers HEAD with the headers of GET and no body', async () => {
      const head = await api.app.inject({
        method: 'HEAD',
        url: '/v1/profiles?limit=100',
        headers: { 'accept-encoding': 'gzip' },
      });
      expect(head.statusCode).toBe(200);
      expect(head.rawPayload.length).toBe(0);
      expect(head.headers['content-type']).toContain('application/json');
    });

    it('leaves small responses alone', async () => {
      const response = await api.app.inject({
        method: 'GET',
        url: '/health/live',
        headers: { 'accept-encoding': 'br, gzip' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-encoding']).toBeUndefined();
    });
  });

  describe('slow logs', () => {
    it('warns about a slow request with its id, route template and duration', async () => {
      const response = await api.app.inject({
        method: 'GET',
        url: '/v1/test/slow?ms=120',
        // Public routes spend the anonymous budget of 5 (shared through Redis): an address each.
        headers: { 'x-forwarded-for': uniqueIp() },
      });
      expect(response.statusCode).toBe(200);
      const line = api.logs.find(
        (entry) =>
          entry.msg === 'slow request' && entry.requestId === response.headers['x-request-id'],
      );
      expect(line).toMatchObject({ level: 'warn', route: '/v1/test/slow', method: 'GET' });
      expect(line?.responseTimeMs).toEqual(expect.any(Number));
    });

    it('does not warn about fast requests', async () => {
      const response = await api.app.inject({
        method: 'GET',
        url: '/v1/test/slow?ms=0',
        // Public routes spend the anonymous budget of 5 (shared through Redis): an address each.
        headers: { 'x-forwarded-for': uniqueIp() },
      });
      expect(
        api.logs.some(
          (entry) =>
            entry.msg === 'slow request' && entry.requestId === response.headers['x-request-id'],
        ),
      ).toBe(false);
    });

    it('warns about a slow MongoDB command with the id of the request that issued it', async () => {
      const response = await api.app.inject({
        method: 'POST',
        url: '/v1/test/probes/slow-command-probe',
        headers: { 'x-forwarded-for': uniqueIp() },
      });
      expect(response.statusCode).toBe(201);
      const lines = api.logs.filter(
        (entry) =>
          entry.msg === 'slow mongo command' &&
          entry.requestId === response.headers['x-request-id'],
      );
      expect(lines).toContainEqual(
        expect.objectContaining({ command: 'insert', collection: 'probes', failed: false }),
      );
      for (const line of lines) {
        expect(line.durationMs).toEqual(expect.any(Number));
        expect(JSON.stringify(line)).not.toContain('slow-command-probe');
      }
    });
  });
});
