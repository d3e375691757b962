import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { IndexSync } from '@scout/database';
import { freePort } from '../support/app-process';
import { testEnv } from '../support/test-env';

interface Report {
  status: string;
  error: Record<string, { status: string; message?: string }>;
  details: Record<string, { status: string }>;
}

/** Polls readiness until `dependency` reports up (connections open in the background). */
async function waitUntilUp(api: ApiHarness, dependency: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const report = (await api.app.inject({ method: 'GET', url: '/health/ready' })).json<Report>();
    if (report.details[dependency]?.status === 'up') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${dependency} never came up`);
}

describe('health probes', () => {
  describe('with both services up', () => {
    let api: ApiHarness;

    beforeAll(async () => {
      api = await startApiHarness();
      await waitUntilUp(api, 'mongo');
      await waitUntilUp(api, 'redis');
    });

    afterAll(async () => {
      await api.close();
    });

    it('live, ready and startup answer 200', async () => {
      for (const url of ['/health/live', '/health/ready', '/health/startup']) {
        const response = await api.app.inject({ method: 'GET', url });
        expect(response.statusCode).toBe(200);
        expect(response.headers['cache-control']).toBe('no-store');
      }
      const ready = (await api.app.inject({ method: 'GET', url: '/health/ready' })).json<Report>();
      expect(ready.details).toEqual({ mongo: { status: 'up' }, redis: { status: 'up' } });
    });
  });

  it.each([
    ['mongo', 'redis', 'MONGODB_URI', (port: number) => `mongodb://127.0.0.1:${port}/scout_down`],
    ['redis', 'mongo', 'REDIS_URL', (port: number) => `redis://127.0.0.1:${port}/0`],
  ])(
    'ready is 503 naming %s when it points at a closed port, within a bounded time',
    async (name, other, variable, uri) => {
      const api = await startApiHarness({ [variable]: uri(await freePort()) });
      try {
        await waitUntilUp(api, other);
        const started = Date.now();
        const ready = await api.app.inject({ method: 'GET', url: '/health/ready' });
        const elapsed = Date.now() - started;
        expect(ready.statusCode).toBe(503);
        const report = ready.json<Report>();
        expect(report.status).toBe('error');
        expect(Object.keys(report.error)).toEqual([name]);
        expect(report.error[name].status).toBe('down');
        expect(elapsed).toBeLessThan(2_000);

        const live = await api.app.inject({ method: 'GET', url: '/health/live' });
        expect(live.statusCode).toBe(200);
        const startup = await api.app.inject({ method: 'GET', url: '/health/startup' });
        expect(startup.statusCode).toBe(503);
      } finally {
        await api.close();
      }
    },
  );

  it('startup stays 503 until the declared indexes exist, then turns 200', async () => {
    const api = await startApiHarness(
      { MONGODB_URI: testEnv().MONGODB_URI },
      { syncIndexes: false },
    );
    try {
      await waitUntilUp(api, 'mongo');
      const before = await api.app.inject({ method: 'GET', url: '/health/startup' });
      expect(before.statusCode).toBe(503);
      expect(before.json<Report>().error.indexes.status).toBe('down');
      await api.app.get(IndexSync).sync();
      const after = await api.app.inject({ method: 'GET', url: '/health/startup' });
      expect(after.statusCode).toBe(200);
    } finally {
      await api.close();
    }
  });
});
