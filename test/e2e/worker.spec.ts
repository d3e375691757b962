import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createRootLogger } from '@scout/observability';
import { createWorkerApp } from '../../apps/worker/src/bootstrap';
import { testConfig } from '../support/test-env';

describe('worker management listener', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const config = testConfig();
    const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    app = await createWorkerApp(config, createRootLogger(config, sink));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
  });

  it('serves the same probes as the api', async () => {
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await app.inject({ method: 'GET', url: '/health/ready' })).statusCode;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe(200);
  });

  it('has no public API routes; unknown paths are problem details', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/profiles' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});
