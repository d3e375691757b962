import { randomBytes } from 'node:crypto';
import { createScoutClient, type ScoutClient, ScoutProblemError } from '@scout/client';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { type AppProcess, startApp, waitForListening } from '../support/app-process';
import { uniquePublicId } from '../support/factories';

jest.setTimeout(60_000);

/** The problem a call was refused with; fails when the call succeeded or threw anything else. */
async function problemOf(call: Promise<unknown>): Promise<ScoutProblemError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ScoutProblemError))
    throw new Error(`expected a problem, got ${String(error)}`);
  return error;
}

/** @scout/client against the api as a real process over HTTP. */
describe('@scout/client against a live api', () => {
  let setup: ApiHarness;
  let api: AppProcess;
  let client: ScoutClient;

  beforeAll(async () => {
    // In-process only to sync indexes and mint a key in the database the process serves.
    setup = await startApiHarness();
    api = await startApp(setup.env);
    await waitForListening(api);
    client = createScoutClient({ baseUrl: `http://127.0.0.1:${api.port}/`, apiKey: setup.apiKey });
  });

  afterAll(async () => {
    await api?.stop();
    await setup?.close();
  });

  it('creates, reads and updates a profile with If-Match', async () => {
    const publicId = uniquePublicId('sdk');
    const created = await client.POST('/v1/profiles', {
      body: { publicId, fullName: 'Grace Hopper', skills: ['COBOL'] },
    });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ publicId, fullName: 'Grace Hopper', version: 1 });
    const etag = created.response.headers.get('etag');
    expect(etag).toBe('"1"');

    const read = await client.GET('/v1/profiles/{id}', { params: { path: { id: publicId } } });
    expect(read.data?.id).toBe(created.data?.id);

    const patched = await client.PATCH('/v1/profiles/{id}', {
      params: { path: { id: publicId }, header: { 'If-Match': etag ?? '' } },
      body: { headline: 'Rear admiral' },
    });
    expect(patched.data).toMatchObject({ headline: 'Rear admiral', version: 2 });
    expect(patched.response.headers.get('etag')).toBe('"2"');

    const stale = await problemOf(
      client.PATCH('/v1/profiles/{id}', {
        params: { path: { id: publicId }, header: { 'If-Match': '"1"' } },
        body: { headline: 'Commodore' },
      }),
    );
    expect(stale).toMatchObject({ status: 412, code: 'PRECONDITION_FAILED' });
  });

  it('iterates every item of a list across pages, following page.nextCursor', async () => {
    const skill = `sdk-${randomBytes(4).toString('hex')}`;
    const ids = new Set<string>();
    for (let i = 0; i < 7; i++) {
      const { data } = await client.POST('/v1/profiles', {
        body: { publicId: uniquePublicId('sdk-page'), fullName: `Pager ${i}`, skills: [skill] },
      });
      ids.add(data?.id ?? '');
    }
    const requested: string[] = [];
    const counting = createScoutClient({
      baseUrl: `http://127.0.0.1:${api.port}`,
      apiKey: setup.apiKey,
      fetch: (request) => {
        requested.push(new URL(request.url).search);
        return fetch(request);
      },
    });

    const seen: string[] = [];
    for await (const profile of counting.pages('/v1/profiles', { query: { skill, limit: 3 } })) {
      seen.push(profile.id);
    }
    expect(new Set(seen)).toEqual(ids);
    expect(seen).toHaveLength(7);
    // 3 + 3 + 1: the last page has no cursor, so a fourth request is never made.
    expect(requested).toHaveLength(3);
    expect(requested[0]).not.toContain('cursor=');
    expect(requested[1]).toContain('cursor=');
  });

  it('throws 404 as a typed problem with its code and request id', async () => {
    const missing = await problemOf(
      client.GET('/v1/profiles/{id}', { params: { path: { id: uniquePublicId('nobody') } } }),
    );
    expect(missing).toBeInstanceOf(ScoutProblemError);
    expect(missing).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      title: expect.any(String),
      detail: expect.any(String),
      errors: [],
    });
    expect(missing.requestId).toMatch(/\S/);
  });

  it('throws 400 with the refused fields in errors[]', async () => {
    const invalid = await problemOf(
      client.POST('/v1/profiles', {
        body: { publicId: uniquePublicId('sdk'), fullName: 'x'.repeat(500) },
      }),
    );
    expect(invalid).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(invalid.errors).toEqual([expect.objectContaining({ field: 'fullName' })]);
    expect(invalid.message).toContain('VALIDATION_FAILED');
  });

  it('without a key the api answers 401, thrown as a problem too', async () => {
    const anonymous = createScoutClient({ baseUrl: `http://127.0.0.1:${api.port}` });
    const refused = await problemOf(anonymous.GET('/v1/profiles'));
    expect(refused).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect((await anonymous.GET('/health/live')).response.status).toBe(200);
  });
});
