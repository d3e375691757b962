import { getConnectionToken } from '@nestjs/mongoose';
import { type Connection, Types } from 'mongoose';
import { AppConfig, loadConfig } from '@scout/config';
import { DependencyMonitor, REDIS_CLIENT, type RedisConnection } from '@scout/database';
import { CompanyReferenceLeases } from '@scout/profiles';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { companyBody, profileBody } from '../support/factories';
import { startRelay } from '../support/tcp-relay';
import { testEnv } from '../support/test-env';
import { waitFor } from '../support/wait';

jest.setTimeout(180_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

const ROUNDS = 6;
const CREATES = 20;
const PATCHES = 10;
const BATCH_ITEMS = 10;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('deleting a company while profiles are written to reference it', () => {
  let api: ApiHarness;
  let connection: Connection;

  beforeAll(async () => {
    api = await startApiHarness({ CACHE_ENABLED: 'false' });
    connection = api.app.get<Connection>(getConnectionToken());
  });

  afterAll(async () => {
    await api.close();
  });

  async function send(
    method: 'POST' | 'PATCH' | 'DELETE' | 'GET',
    url: string,
    payload?: Json,
    harness = api,
  ) {
    const response = await harness.app.inject({ method, url, payload });
    return { status: response.statusCode, body: response.body ? response.json<Json>() : {} };
  }

  async function newCompany(): Promise<Json> {
    const created = await send('POST', '/v1/companies', companyBody());
    expect(created.status).toBe(201);
    return created.body;
  }

  /** Stored profiles that reference the company, read from the collection itself. */
  function referencing(companyId: string): Promise<number> {
    const id = new Types.ObjectId(companyId);
    return connection
      .collection('profiles')
      .countDocuments({ $or: [{ currentCompany: id }, { 'experiences.company': id }] });
  }

  it('either refuses the delete or leaves no profile referencing the deleted company', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const company = await newCompany();
      const targets = await Promise.all(
        range(PATCHES).map(async () => (await send('POST', '/v1/profiles', profileBody())).body),
      );
      // The delete and the writes start apart by a different gap each round: from the delete well
      // after the writes began to the writes well after the delete began.
      const gap = (ROUNDS / 2 - round) * 15;
      const start = sleep(Math.max(0, -gap));
      const write = (method: 'POST' | 'PATCH', url: string, payload: Json) =>
        start.then(() => send(method, url, payload));
      const writes = [
        ...range(CREATES).map(() =>
          write('POST', '/v1/profiles', profileBody({ currentCompany: company.publicId })),
        ),
        ...targets.map((target) =>
          write('PATCH', `/v1/profiles/${target.id}`, { currentCompany: company.id }),
        ),
        write('POST', '/v1/profiles/batch', {
          profiles: range(BATCH_ITEMS).map(() =>
            profileBody({ experiences: [{ title: 'Engineer', company: company.publicId }] }),
          ),
        }),
      ];
      const deletion = sleep(Math.max(0, gap)).then(() =>
        send('DELETE', `/v1/companies/${company.id}`),
      );
      const [outcome, ...answers] = await Promise.all([deletion, ...writes]);

      for (const answer of answers) {
        if (answer.status === 422) expect(answer.body.code).toBe('UNKNOWN_COMPANY');
        else expect([200, 201]).toContain(answer.status);
      }
      const batch = answers.at(-1)!.body.results as Json[];
      for (const item of batch) {
        if (item.status === 'invalid') expect(item.errors[0].code).toBe('unknownCompany');
        else expect(item.status).toBe('created');
      }

      if (outcome.status === 204) {
        expect((await send('GET', `/v1/companies/${company.id}`)).status).toBe(404);
        expect(await referencing(company.id)).toBe(0);
      } else {
        expect({ status: outcome.status, code: outcome.body.code }).toEqual({
          status: 409,
          code: 'COMPANY_IN_USE',
        });
        expect((await send('GET', `/v1/companies/${company.id}`)).status).toBe(200);
      }
    }
  });

  it('refuses a delete while a write holds a lease, and a write while a delete holds it', async () => {
    const leases = api.app.get(CompanyReferenceLeases);
    const company = await newCompany();
    const target = (await send('POST', '/v1/profiles', profileBody())).body;

    await leases.whileReferencing([company.publicId], async (deleting) => {
      expect(deleting.size).toBe(0);
      const refused = await send('DELETE', `/v1/companies/${company.id}`);
      expect({ status: refused.status, code: refused.body.code }).toEqual({
        status: 409,
        code: 'COMPANY_IN_USE',
      });
    });

    // Nothing references the company yet: only the lease refused that delete.
    const referrer = (
      await send('POST', '/v1/profiles', profileBody({ currentCompany: company.id }))
    ).body;
    await leases.whileDeleting({ id: company.id, publicId: company.publicId }, async () => {
      for (const ref of [company.id, company.publicId]) {
        const created = await send('POST', '/v1/profiles', profileBody({ currentCompany: ref }));
        expect({ status: created.status, code: created.body.code }).toEqual({
          status: 422,
          code: 'UNKNOWN_COMPANY',
        });
        const patched = await send('PATCH', `/v1/profiles/${target.id}`, { currentCompany: ref });
        expect(patched.status).toBe(422);
      }
      const batch = await send('POST', '/v1/profiles/batch', {
        profiles: [profileBody({ currentCompany: company.publicId }), profileBody()],
      });
      expect(batch.body.results.map((r: Json) => r.status)).toEqual(['invalid', 'created']);
      const another = await send('DELETE', `/v1/companies/${company.id}`);
      expect(another.status).toBe(409);
      // A profile that references the company already keeps it: its delete will count it.
      const kept = await send('PATCH', `/v1/profiles/${referrer.id}`, { headline: 'Still here' });
      expect(kept.status).toBe(200);
    });

    // Both released: the company can be referenced, and then it is in use.
    const created = await send('POST', '/v1/profiles', profileBody({ currentCompany: company.id }));
    expect(created.status).toBe(201);
    expect((await send('DELETE', `/v1/companies/${company.id}`)).body).toMatchObject({
      code: 'COMPANY_IN_USE',
      count: 2,
    });
  });

  it('lets the leases of a holder that never releases them expire', async () => {
    // A process whose writes have a 500 ms deadline leases for 1.5 s.
    const config = new AppConfig(loadConfig({ env: testEnv({ MONGODB_WRITE_TIMEOUT_MS: '500' }) }));
    const stuck = new CompanyReferenceLeases(
      api.app.get<RedisConnection>(REDIS_CLIENT),
      api.app.get(DependencyMonitor),
      config,
    );
    let finish: () => void = () => undefined;
    const never = new Promise<void>((resolve) => (finish = resolve));

    const referenced = await newCompany();
    const sharing = stuck.whileReferencing([referenced.publicId], () => never);
    await sleep(50);
    expect((await send('DELETE', `/v1/companies/${referenced.id}`)).status).toBe(409);

    const deleting = await newCompany();
    const excluding = stuck.whileDeleting(
      { id: deleting.id, publicId: deleting.publicId },
      () => never,
    );
    await sleep(50);
    const body = profileBody({ currentCompany: deleting.publicId });
    expect((await send('POST', '/v1/profiles', body)).status).toBe(422);

    const answers = async (
      method: 'POST' | 'DELETE',
      url: string,
      status: number,
      payload?: Json,
    ) => ((await send(method, url, payload)).status === status ? true : undefined);
    await waitFor(
      () => answers('DELETE', `/v1/companies/${referenced.id}`, 204),
      10_000,
      'the shared lease to expire',
    );
    await waitFor(
      () => answers('POST', '/v1/profiles', 201, body),
      10_000,
      'the exclusive lease to expire',
    );
    finish();
    await Promise.all([sharing, excluding]);
  });

  it('keeps a delete and a write apart with leases of this process while Redis is frozen', async () => {
    const relay = await startRelay(process.env.SCOUT_TEST_REDIS_URL!);
    const frozen = await startApiHarness({
      CACHE_ENABLED: 'false',
      REDIS_URL: `redis://127.0.0.1:${relay.port}/0`,
      REDIS_COMMAND_TIMEOUT_MS: '300',
      DEPENDENCY_TIMEOUTS_BEFORE_DOWN: '2',
      DEPENDENCY_PROBE_INTERVAL_MS: '200',
    });
    try {
      const company = (await send('POST', '/v1/companies', companyBody(), frozen)).body;
      const leases = frozen.app.get(CompanyReferenceLeases);
      relay.pause();

      await leases.whileReferencing([company.publicId], async (deleting) => {
        expect(deleting.size).toBe(0);
        const refused = await send('DELETE', `/v1/companies/${company.id}`, undefined, frozen);
        expect(refused.body.code).toBe('COMPANY_IN_USE');
      });
      await leases.whileDeleting({ id: company.id, publicId: company.publicId }, async () => {
        const body = profileBody({ currentCompany: company.publicId });
        expect((await send('POST', '/v1/profiles', body, frozen)).body.code).toBe(
          'UNKNOWN_COMPANY',
        );
      });
      const deleted = await send('DELETE', `/v1/companies/${company.id}`, undefined, frozen);
      expect(deleted.status).toBe(204);
    } finally {
      relay.resume();
      await frozen.close();
      await relay.close();
    }
  });
});
