import { join } from 'node:path';
import { type AppProcess, startApp, waitForListening } from '../support/app-process';
import { REPO_ROOT, testEnv } from '../support/test-env';
import { until } from '../support/wait';

const API_ENTRY = join(REPO_ROOT, 'apps/api/src/main.ts');

jest.setTimeout(30_000);

describe('the api as a process', () => {
  describe('request ids and logs', () => {
    let app: AppProcess;

    beforeAll(async () => {
      app = await startApp(testEnv({ LOG_LEVEL: 'info' }));
      await waitForListening(app);
    });

    afterAll(async () => {
      await app.stop();
    });

    it("echoes a caller's safe X-Request-Id and logs every line of that request with it", async () => {
      const response = await fetch(`http://127.0.0.1:${app.port}/v1/test/slow?ms=10`, {
        headers: { 'x-request-id': 'caller-id.42_A' },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-request-id')).toBe('caller-id.42_A');
      await new Promise((resolve) => setTimeout(resolve, 100));
      const lines = app.logLines().filter((l) => l.requestId === 'caller-id.42_A');
      expect(lines.map((l) => l.msg)).toEqual(
        expect.arrayContaining([
          'slow request started',
          'slow request finished',
          'request completed',
        ]),
      );
      const completed = lines.find((l) => l.msg === 'request completed');
      expect(completed).toMatchObject({ route: '/v1/test/slow', statusCode: 200, method: 'GET' });
    });

    it('replaces an unsafe X-Request-Id, on errors too', async () => {
      const response = await fetch(`http://127.0.0.1:${app.port}/v1/nothing`, {
        headers: { 'x-request-id': 'bad id with spaces' },
      });
      expect(response.status).toBe(404);
      const id = response.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(((await response.json()) as { requestId: string }).requestId).toBe(id);
    });

    it('redacts credentials from logged headers', async () => {
      await fetch(`http://127.0.0.1:${app.port}/v1/test/boom`, {
        headers: { authorization: 'Bearer top-secret-token', 'x-request-id': 'redact-1' },
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(app.stdout.join('\n')).not.toContain('top-secret-token');
      expect(app.logLines().some((l) => l.requestId === 'redact-1' && l.level === 'error')).toBe(
        true,
      );
    });
  });

  it('SIGTERM: readiness turns 503, the in-flight request completes, exit code 0', async () => {
    const app = await startApp(
      testEnv({ SHUTDOWN_DRAIN_DELAY_MS: '1500', SHUTDOWN_TIMEOUT_MS: '8000', LOG_LEVEL: 'info' }),
    );
    try {
      await waitForListening(app);
      const base = `http://127.0.0.1:${app.port}`;
      // Readiness may take a probe or two on a loaded machine; SIGTERM is what is under test.
      await until(async () => (await fetch(`${base}/health/ready`)).status === 200, 'api ready');

      const slow = fetch(`${base}/v1/test/slow?ms=2500`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      app.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 200));

      const ready = await fetch(`${base}/health/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { error: object }).error).toHaveProperty('lifecycle');

      const response = await slow;
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ waitedMs: 2500 });
      const code = await app.exited;
      if (code !== 0) console.log([...app.stdout, ...app.stderr].join('\n'));
      expect(code).toBe(0);
    } finally {
      await app.stop();
    }
  });

  it.each([
    ['a bad value', { PORT: 'eighty' }, /PORT \(http\.port\):.*got a string/],
    ['a missing value', { MONGODB_URI: '' }, /MONGODB_URI \(mongo\.uri\): required.*got nothing/],
  ])('stops boot on %s with a readable line and exit code 1', async (_label, overrides, line) => {
    const env = { ...testEnv(), ...overrides };
    const app = await startApp(env, API_ENTRY);
    expect(await app.exited).toBe(1);
    const stderr = app.stderr.join('\n');
    expect(stderr).toMatch(/^Invalid configuration:/);
    expect(stderr).toMatch(line);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr).not.toContain('eighty');
  });
});
