import { HealthProbes, healthReport, probeStatus } from './health-probes';
import { LifecycleState } from './lifecycle.state';

const up = (key: string) => async () => ({ [key]: { status: 'up' as const } });
const down = (key: string, message: string) => async () => ({
  [key]: { status: 'down' as const, message },
});

describe('healthReport', () => {
  it('is ok only when every entry is up, and splits entries into info and error', () => {
    const report = healthReport([
      { mongo: { status: 'up' } },
      { redis: { status: 'down', message: 'timeout' } },
    ]);
    expect(report).toEqual({
      status: 'error',
      info: { mongo: { status: 'up' } },
      error: { redis: { status: 'down', message: 'timeout' } },
      details: { mongo: { status: 'up' }, redis: { status: 'down', message: 'timeout' } },
    });
    expect(probeStatus(report)).toBe(503);
    expect(probeStatus(healthReport([{ mongo: { status: 'up' } }]))).toBe(200);
  });
});

describe('HealthProbes', () => {
  let lifecycle: LifecycleState;

  beforeEach(() => {
    lifecycle = new LifecycleState();
  });

  it('answers live without asking any dependency', () => {
    const probes = new HealthProbes(lifecycle, {
      ready: [() => Promise.reject(new Error('must not be asked'))],
      startup: [],
    });
    expect(probes.live()).toMatchObject({ status: 'ok', details: { process: { status: 'up' } } });
  });

  it('is ready while every dependency is up, and not ready once one is down', async () => {
    lifecycle.onApplicationBootstrap();
    const ready = new HealthProbes(lifecycle, { ready: [up('mongo'), up('redis')], startup: [] });
    expect(await ready.ready()).toMatchObject({ status: 'ok', info: { mongo: {}, redis: {} } });
    const notReady = new HealthProbes(lifecycle, {
      ready: [up('mongo'), down('redis', 'not connected')],
      startup: [],
    });
    expect(await notReady.ready()).toMatchObject({
      status: 'error',
      error: { redis: { message: 'not connected' } },
    });
  });

  it('turns not ready as soon as shutdown begins, without asking the dependencies', async () => {
    lifecycle.onApplicationBootstrap();
    let asked = 0;
    const probes = new HealthProbes(lifecycle, {
      ready: [
        async () => {
          asked += 1;
          return { mongo: { status: 'up' } };
        },
      ],
      startup: [],
    });
    lifecycle.beginShutdown();
    expect(await probes.ready()).toEqual(
      healthReport([{ lifecycle: { status: 'down', message: 'shutting down' } }]),
    );
    expect(asked).toBe(0);
  });

  it('reports startup down until boot finished, with dependencies and startup conditions', async () => {
    const probes = new HealthProbes(lifecycle, {
      ready: [up('mongo'), up('redis')],
      startup: [down('indexes', 'run npm run db:indexes')],
    });
    let report = await probes.startup();
    expect(Object.keys(report.details)).toEqual(['boot', 'mongo', 'redis', 'indexes']);
    expect(report.error).toMatchObject({ boot: { message: 'starting' }, indexes: {} });
    lifecycle.onApplicationBootstrap();
    report = await probes.startup();
    expect(Object.keys(report.error)).toEqual(['indexes']);
  });
});
