import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { startRelay, type TcpRelay } from '../support/tcp-relay';
import { uniqueDbName } from '../support/test-env';

jest.setTimeout(60_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

describe('readiness when the database answers pings but not queries', () => {
  let relay: TcpRelay;
  let api: ApiHarness;
  let holdQueries = false;

  beforeAll(async () => {
    relay = await startRelay(process.env.SCOUT_TEST_MONGODB_URI!, 0, {
      hold: (command) => holdQueries && command === 'find',
    });
    api = await startApiHarness(
      { MONGODB_URI: `mongodb://127.0.0.1:${relay.port}/${uniqueDbName()}` },
      { syncIndexes: true },
    );
  });

  afterAll(async () => {
    await api.close();
    await relay.close();
  });

  async function ready(): Promise<{ status: number; body: Json; ms: number }> {
    const started = Date.now();
    const response = await api.app.inject({ method: 'GET', url: '/health/ready' });
    return { status: response.statusCode, body: response.json<Json>(), ms: Date.now() - started };
  }

  it('goes down within the health timeout, and comes back when queries are answered', async () => {
    expect((await ready()).status).toBe(200);

    holdQueries = true;
    const db = api.app.get<Connection>(getConnectionToken()).db!;
    await expect(db.admin().ping()).resolves.toMatchObject({ ok: 1 });
    const down = await ready();
    expect(down.status).toBe(503);
    expect(down.body.details.mongo).toMatchObject({
      status: 'down',
      message: expect.stringMatching(/^query on \w+: /),
    });
    expect(down.body.details.redis.status).toBe('up');
    // test.yaml's health timeout is 500 ms; generous margin for a busy machine.
    expect(down.ms).toBeLessThan(api.config.health.checkTimeoutMs + 1_500);

    holdQueries = false;
    const deadline = Date.now() + 10_000;
    let again = await ready();
    while (again.status !== 200 && Date.now() < deadline) again = await ready();
    expect(again.status).toBe(200);
  });
});
