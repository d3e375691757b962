import { ApiKeysService } from '@scout/auth';
import { type FakeSite, startFakeSite } from '../fixtures/fake-site';
import { type ApiHarness, startApiHarness, startWorkerHarness } from '../support/api-harness';
import { uniquePublicId } from '../support/factories';
import { waitFor } from '../support/wait';

jest.setTimeout(90_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies
type Worker = Awaited<ReturnType<typeof startWorkerHarness>>;

const MAX_DEFERRAL_MS = 2_500;

describe('dead letters and bounded deferral', () => {
  let site: FakeSite;
  let api: ApiHarness;
  let worker: Worker;

  beforeAll(async () => {
    site = await startFakeSite();
    api = await startApiHarness({
      SCRAPER_BASE_URL: site.url,
      QUEUE_JOB_ATTEMPTS: '2',
      SCRAPER_MAX_ATTEMPTS: '1',
      // Failures here are about attempts and deferral, not about the breaker.
      SCRAPER_BREAKER_THRESHOLD: '1000',
      SCRAPE_MAX_DEFERRAL_MS: String(MAX_DEFERRAL_MS),
    });
    worker = await startWorkerHarness(api.env);
  });

  afterAll(async () => {
    await worker.close();
    await api.close();
    await site.close();
  });

  afterEach(() => site.clearFaults());

  const create = async (profile: string): Promise<string> =>
    (
      await api.app.inject({ method: 'POST', url: '/v1/scrape-jobs', payload: { profile } })
    ).json<Json>().id as string;

  const getJob = async (id: string): Promise<Json> =>
    (await api.app.inject({ method: 'GET', url: `/v1/scrape-jobs/${id}` })).json<Json>();

  const settled = (id: string, timeoutMs = 30_000): Promise<Json> =>
    waitFor(
      async () => {
        const job = await getJob(id);
        return ['succeeded', 'failed', 'dead', 'cancelled'].includes(job.status) ? job : undefined;
      },
      timeoutMs,
      `job ${id} to finish`,
    );

  it('a job out of attempts is dead with reason and last error, listed, and retried by id', async () => {
    const publicId = uniquePublicId('flaky');
    site.setFault(publicId, { status: 503 });
    const id = await create(publicId);
    const dead = await settled(id);
    expect(dead).toMatchObject({
      status: 'dead',
      deadReason: 'attempts-exhausted',
      attempts: 2,
      error: { code: 'TRANSIENT', retryable: true },
    });
    expect(dead.transitions.at(-1)).toMatchObject({
      status: 'dead',
      note: 'dead: TRANSIENT after 2 attempts',
    });
    expect(site.requests(publicId)).toBe(2);

    const listed = (
      await api.app.inject({ method: 'GET', url: '/v1/scrape-jobs?status=dead&limit=100' })
    ).json<Json>();
    expect(listed.data.every((j: Json) => j.status === 'dead')).toBe(true);
    expect(listed.data.map((j: Json) => j.id)).toContain(id);

    site.clearFaults();
    const retried = await api.app.inject({ method: 'POST', url: `/v1/scrape-jobs/${id}/retry` });
    expect(retried.statusCode).toBe(202);
    expect(retried.json<Json>()).toMatchObject({ status: 'queued', attempts: 0 });
    expect(retried.json<Json>().deadReason).toBeUndefined();
    const done = await settled(id);
    expect(done.status).toBe('succeeded');
    expect(site.requests(publicId)).toBe(3);
    const again = await api.app.inject({ method: 'POST', url: `/v1/scrape-jobs/${id}/retry` });
    expect(again.statusCode).toBe(409);
  });

  it('a final failure from the site stays failed, not dead', async () => {
    const publicId = uniquePublicId('gone');
    site.setFault(publicId, { status: 404 });
    const job = await settled(await create(publicId));
    expect(job).toMatchObject({ status: 'failed', error: { code: 'NOT_FOUND', retryable: false } });
    expect(job.deadReason).toBeUndefined();
    expect(site.requests(publicId)).toBe(1);
  });

  it('a host that keeps deferring the job: deferred, then dead HOST_UNAVAILABLE past SCRAPE_MAX_DEFERRAL_MS', async () => {
    const publicId = uniquePublicId('throttled');
    // Retry-After 1 s is longer than SCRAPER_RETRY_MAX_DELAY_MS (500 in tests): each run defers.
    site.setFault(publicId, { status: 429, retryAfterSeconds: 1 });
    const started = Date.now();
    const id = await create(publicId);
    const dead = await settled(id);
    const elapsed = Date.now() - started;
    expect(dead).toMatchObject({
      status: 'dead',
      deadReason: 'deferral-limit',
      error: { code: 'HOST_UNAVAILABLE', retryable: true },
    });
    expect(dead.deferredSince).toBeUndefined();
    const deferrals = dead.transitions.filter((t: Json) => /^deferred /.test(t.note ?? ''));
    expect(deferrals.length).toBeGreaterThanOrEqual(1);
    // Deferrals spend no attempts: only the queue's first attempt was ever made.
    expect(dead.attempts).toBe(1);
    // Dead no later than the cap plus one deferral, and not before waiting at all.
    expect(elapsed).toBeGreaterThanOrEqual(1_000);
    expect(elapsed).toBeLessThan(MAX_DEFERRAL_MS + 5_000);
  });

  it('a deferral within SCRAPE_MAX_DEFERRAL_MS ends in success', async () => {
    const publicId = uniquePublicId('patient');
    site.setFault(publicId, { status: 429, retryAfterSeconds: 1, failTimes: 1 });
    const job = await settled(await create(publicId));
    expect(job.status).toBe('succeeded');
    expect(job.transitions.some((t: Json) => /^deferred /.test(t.note ?? ''))).toBe(true);
    expect(job.deferredSince).toBeUndefined();
  });

  it('bulk replay: admin only; replays the dead jobs matching the filter, skips a target with an active job', async () => {
    const targets = [uniquePublicId('outage'), uniquePublicId('outage'), uniquePublicId('outage')];
    for (const t of targets) site.setFault(t, { status: 503 });
    const ids = await Promise.all(targets.map(create));
    for (const id of ids) expect((await settled(id)).status).toBe('dead');
    site.clearFaults();
    // The third target got a new request meanwhile: its dead job cannot be replayed.
    site.setFault(targets[2], { latencyMs: 1_500 });
    const active = await create(targets[2]);

    const writer = (
      await api.app.get(ApiKeysService).create({ name: 'writer', scopes: ['scrape:write'] })
    ).key;
    const denied = await api.app.inject({
      method: 'POST',
      url: '/v1/scrape-jobs/replay',
      headers: { authorization: `Bearer ${writer}` },
      payload: { code: 'TRANSIENT' },
    });
    expect(denied.statusCode).toBe(403);
    const invalid = await api.app.inject({
      method: 'POST',
      url: '/v1/scrape-jobs/replay',
      payload: { status: 'succeeded' },
    });
    expect(invalid.statusCode).toBe(400);

    const since = new Date(Date.now() - 60_000).toISOString();
    const replay = await api.app.inject({
      method: 'POST',
      url: '/v1/scrape-jobs/replay',
      payload: { status: 'dead', code: 'TRANSIENT', createdAfter: since, limit: 1000 },
    });
    expect(replay.statusCode).toBe(202);
    const result = replay.json<Json>();
    expect(result.replayed).toEqual(expect.arrayContaining(ids.slice(0, 2)));
    expect(result.skipped).toContainEqual({
      id: ids[2],
      reason: 'This target already has an active scrape job.',
    });
    expect(result.matched).toBe(result.replayed.length + result.skipped.length);
    for (const id of ids.slice(0, 2)) expect((await settled(id)).status).toBe('succeeded');
    expect((await getJob(ids[2])).status).toBe('dead');
    expect((await settled(active)).status).toBe('succeeded');
  });
});
