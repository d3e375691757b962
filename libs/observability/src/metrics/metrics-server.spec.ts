import { createServer } from 'node:net';
import { startMetricsServer } from './metrics-server';

const source = (metrics: () => Promise<string>) => ({
  metrics,
  contentType: 'text/plain; version=0.0.4; charset=utf-8',
});

describe('startMetricsServer', () => {
  it('serves GET and HEAD /metrics, 404 elsewhere, 405 for other methods', async () => {
    const server = await startMetricsServer(
      source(async () => 'up 1\n'),
      {
        port: 0,
        host: '127.0.0.1',
      },
    );
    const base = `http://127.0.0.1:${server.port}`;
    try {
      const ok = await fetch(`${base}/metrics?x=1`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(ok.headers.get('cache-control')).toBe('no-store');
      expect(await ok.text()).toBe('up 1\n');
      const head = await fetch(`${base}/metrics`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect((await fetch(`${base}/`)).status).toBe(404);
      expect((await fetch(`${base}/health/live`)).status).toBe(404);
      const post = await fetch(`${base}/metrics`, { method: 'POST', body: 'x' });
      expect(post.status).toBe(405);
      expect(post.headers.get('allow')).toBe('GET, HEAD');
    } finally {
      await server.close();
    }
  });

  it('answers 500 when collecting fails, and keeps serving', async () => {
    let fail = true;
    const server = await startMetricsServer(
      source(async () => {
        if (fail) throw new Error('boom');
        return 'up 1\n';
      }),
      { port: 0, host: '127.0.0.1' },
    );
    try {
      expect((await fetch(`http://127.0.0.1:${server.port}/metrics`)).status).toBe(500);
      fail = false;
      expect((await fetch(`http://127.0.0.1:${server.port}/metrics`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('serves added routes in their own scope: their hooks never reach /metrics', async () => {
    const server = await startMetricsServer(
      source(async () => 'up 1\n'),
      { port: 0, host: '127.0.0.1' },
      [
        async (app) => {
          app.addHook('onRequest', async (_request, reply) => reply.code(401).send('no'));
          app.get('/admin/thing', async () => 'thing');
        },
      ],
    );
    const base = `http://127.0.0.1:${server.port}`;
    try {
      expect((await fetch(`${base}/admin/thing`)).status).toBe(401);
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toBe('up 1\n');
      expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('rejects when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      await expect(
        startMetricsServer(
          source(async () => ''),
          { port, host: '127.0.0.1' },
        ),
      ).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
