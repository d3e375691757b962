import type { components, ScoutClient } from '@scout/client';
import { type FakeSite, startFakeSite } from '../fixtures/fake-site';
import { type ApiHarness, startApiHarness, startWorkerHarness } from '../support/api-harness';
import { uniquePublicId } from '../support/factories';
import { OpenApiClient } from '../support/openapi-client';
import { inProcessSdk, problemOf } from '../support/sdk';

jest.setTimeout(60_000);

type Worker = Awaited<ReturnType<typeof startWorkerHarness>>;
type ScrapeJob = components['schemas']['ScrapeJobDto'];

/** Scout called through its SDK (@scout/client), every answer checked against the document. */
describe('scraping pipeline', () => {
  let site: FakeSite;
  let api: ApiHarness;
  let worker: Worker;
  let scout: ScoutClient;

  beforeAll(async () => {
    site = await startFakeSite();
    api = await startApiHarness({ SCRAPER_BASE_URL: site.url, QUEUE_JOB_ATTEMPTS: '2' });
    worker = await startWorkerHarness(api.env);
    const client = new OpenApiClient(api.app);
    await client.load();
    scout = inProcessSdk(client);
  });

  afterAll(async () => {
    await worker.close();
    await api.close();
    await site.close();
  });

  afterEach(() => site.clearFaults());

  const request = (profile: string, idempotencyKey?: string) =>
    scout.POST('/v1/scrape-jobs', {
      params: { header: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {} },
      body: { profile },
    });
  const requested = async (profile: string): Promise<ScrapeJob> => (await request(profile)).data!;
  const jobAt = (id: string) => ({ params: { path: { id } } });
  const getJob = async (id: string): Promise<ScrapeJob> =>
    (await scout.GET('/v1/scrape-jobs/{id}', jobAt(id))).data!;
  const getProfile = async (id: string) =>
    (await scout.GET('/v1/profiles/{id}', { params: { path: { id } } })).data!;

  async function settled(id: string, timeoutMs = 20_000): Promise<ScrapeJob> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await getJob(id);
      if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('POST → 202 + Location → succeeded → profile and company readable through the API', async () => {
    const publicId = uniquePublicId('ada');
    const { data: job, response } = await request(publicId);
    expect(response.status).toBe(202);
    expect(response.headers.get('location')).toBe(`/v1/scrape-jobs/${job!.id}`);
    expect(job).toMatchObject({
      status: 'queued',
      target: { publicId, url: `${site.url}/in/${publicId}` },
    });

    const done = await settled(job!.id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toMatchObject({ changed: true });
    expect(done.transitions.map((t) => t.status)).toEqual(['queued', 'running', 'succeeded']);

    const profile = await getProfile(publicId);
    expect(profile).toMatchObject({
      publicId,
      source: 'scrape',
      scrape: { status: 'succeeded', lastJobId: job!.id },
    });
    expect(profile.fullName.length).toBeGreaterThan(0);
    expect(profile.currentCompany).toBeDefined();
    const company = await scout.GET('/v1/companies/{id}', {
      params: { path: { id: profile.currentCompany!.publicId } },
    });
    expect(company.response.status).toBe(200);
  });

  it('a profile URL on the configured host is accepted; scraping it again changes nothing', async () => {
    const publicId = uniquePublicId('grace');
    const first = await settled((await requested(`${site.url}/in/${publicId}/`)).id);
    expect(first.status).toBe('succeeded');
    const before = await getProfile(publicId);
    const second = await settled((await requested(publicId)).id);
    expect(second.result).toMatchObject({ profileId: before.id, changed: false });
    const after = await getProfile(publicId);
    expect(after.version).toBe(before.version);
    expect(after.updatedAt).toBe(before.updatedAt);
  });

  it('10 concurrent requests for one target → one job, one request to the site', async () => {
    const publicId = uniquePublicId('crowd');
    site.setFault(publicId, { latencyMs: 300 });
    const responses = await Promise.all(Array.from({ length: 10 }, () => request(publicId)));
    const ids = new Set(responses.map((r) => r.data!.id));
    expect(responses.every((r) => r.response.status === 202)).toBe(true);
    expect(ids.size).toBe(1);
    expect((await settled([...ids][0])).status).toBe('succeeded');
    expect(site.requests(publicId)).toBe(1);
  });

  it.each([
    ['missing-', 'NOT_FOUND', undefined],
    ['broken-', 'PARSE_ERROR', { malformed: true }],
    ['walled-', 'BLOCKED', { blocked: 'authwall' as const }],
    ['denied-', 'BLOCKED', { blocked: 'http999' as const }],
  ])('a %s page → failed with %s after exactly one request', async (prefix, code, fault) => {
    const publicId = uniquePublicId(prefix.replace(/-$/, '')).replace(/^[a-z]+-/, prefix);
    if (fault) site.setFault(publicId, fault);
    const job = await settled((await requested(publicId)).id);
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({ code, retryable: false });
    expect(site.requests(publicId)).toBe(1);
  });

  it('two 503s then 200 → succeeded on the third request', async () => {
    const publicId = uniquePublicId('flaky');
    site.setFault(publicId, { status: 503, failTimes: 2 });
    const job = await settled((await requested(publicId)).id);
    expect(job.status).toBe('succeeded');
    expect(site.requests(publicId)).toBe(3);
  });

  it('429 with Retry-After: 2 → the next attempt comes no sooner than 2 s later', async () => {
    const publicId = uniquePublicId('busy');
    site.setFault(publicId, { status: 429, retryAfterSeconds: 2, failTimes: 1 });
    const started = Date.now();
    const job = await settled((await requested(publicId)).id);
    expect(job.status).toBe('succeeded');
    expect(site.requests(publicId)).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
  });

  it.each([
    ['another host', 'https://evil.example/in/someone'],
    ['an IP literal', 'http://127.0.0.1:1/in/someone'],
    ['a file: URL', 'file:///etc/passwd'],
    ['userinfo', 'http://user:pw@example.com/in/someone'],
    ['a path outside /in/', '/company/acme'],
    ['a traversal', `${'http://127.0.0.1'}/in/../admin`],
    ['an invalid publicId', 'Not A Profile'],
  ])('%s → 400 INVALID_TARGET, no outbound request', async (_label, profile) => {
    const before = site.requests();
    expect(await problemOf(request(profile))).toMatchObject({
      status: 400,
      code: 'INVALID_TARGET',
    });
    expect(site.requests()).toBe(before);
  });

  it('Idempotency-Key: a replay returns the first job; a different body with it is 422', async () => {
    const key = `key-${uniquePublicId('k')}`;
    const publicId = uniquePublicId('idem');
    const first = (await request(publicId, key)).data!;
    await settled(first.id);
    const replay = await request(publicId, key);
    expect(replay.response.status).toBe(202);
    expect(replay.data?.id).toBe(first.id);
    expect(await problemOf(request(uniquePublicId('other'), key))).toMatchObject({
      status: 422,
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
  });

  it('retry: a failed job is queued again and succeeds once the site recovers; 409 otherwise', async () => {
    const publicId = uniquePublicId('later');
    site.setFault(publicId, { blocked: 'http999' });
    const failed = await settled((await requested(publicId)).id);
    expect(failed.status).toBe('failed');
    site.clearFaults();
    const retry = () => scout.POST('/v1/scrape-jobs/{id}/retry', jobAt(failed.id));
    const retried = await retry();
    expect(retried.response.status).toBe(202);
    expect(retried.data?.status).toBe('queued');
    const done = await settled(failed.id);
    expect(done.status).toBe('succeeded');
    expect((await problemOf(retry())).status).toBe(409);
  });

  it('retry of a failed job while its target has a newer active job → 409, nothing changed', async () => {
    const publicId = uniquePublicId('busy');
    site.setFault(publicId, { blocked: 'http999' });
    const failed = await settled((await requested(publicId)).id);
    expect(failed.status).toBe('failed');
    site.setFault(publicId, { latencyMs: 1_500 });
    const active = await requested(publicId);
    expect(active.id).not.toBe(failed.id);

    const retried = await problemOf(scout.POST('/v1/scrape-jobs/{id}/retry', jobAt(failed.id)));
    expect(retried).toMatchObject({ status: 409, code: 'CONFLICT' });
    expect((await getJob(failed.id)).status).toBe('failed');
    expect((await settled(active.id)).status).toBe('succeeded');
  });

  it('cancel: a running job → 409 JOB_RUNNING; a finished job → 409; unknown → 404', async () => {
    const publicId = uniquePublicId('slow');
    site.setFault(publicId, { latencyMs: 1_500 });
    const job = await requested(publicId);
    const deadline = Date.now() + 5_000;
    while ((await getJob(job.id)).status !== 'running') {
      if (Date.now() > deadline) throw new Error('never ran');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const cancel = (id: string) => scout.DELETE('/v1/scrape-jobs/{id}', jobAt(id));
    expect(await problemOf(cancel(job.id))).toMatchObject({ status: 409, code: 'JOB_RUNNING' });
    await settled(job.id);
    expect((await problemOf(cancel(job.id))).status).toBe(409);
    expect((await problemOf(cancel('6b0804bd876823522b4f0923'))).status).toBe(404);
  });

  it('batch: valid targets queued with one bulk enqueue, invalid ones reported per item; list filters by status', async () => {
    const ids = [uniquePublicId('b1'), uniquePublicId('b2')];
    const batch = await scout.POST('/v1/scrape-jobs/batch', {
      body: { profiles: [ids[0], 'file:///etc/passwd', ids[1], ids[0]] },
    });
    expect(batch.response.status).toBe(202);
    const results = batch.data!.results;
    expect(results.map((r) => r.status)).toEqual(['queued', 'invalid', 'queued', 'existing']);
    expect(results[3].job?.id).toBe(results[0].job?.id);
    for (const r of [results[0], results[2]])
      expect((await settled(r.job!.id)).status).toBe('succeeded');

    const page = (
      await scout.GET('/v1/scrape-jobs', { params: { query: { status: 'succeeded', limit: 2 } } })
    ).data!;
    expect(page.data).toHaveLength(2);
    expect(page.data.every((j) => j.status === 'succeeded')).toBe(true);
    expect(page.page.nextCursor).toEqual(expect.any(String));
    const tooMany = scout.POST('/v1/scrape-jobs/batch', {
      body: { profiles: Array.from({ length: 1_001 }, (_, i) => `p-${i}-x`) },
    });
    expect((await problemOf(tooMany)).status).toBe(413);
  });
});

describe('cancelling a queued job (no worker running)', () => {
  it('queued → cancelled, and the job never runs', async () => {
    const site = await startFakeSite();
    const api = await startApiHarness({ SCRAPER_BASE_URL: site.url });
    try {
      const client = new OpenApiClient(api.app);
      await client.load();
      const scout = inProcessSdk(client);
      const publicId = uniquePublicId('never');
      const job = (await scout.POST('/v1/scrape-jobs', { body: { profile: publicId } })).data!;
      const cancelled = await scout.DELETE('/v1/scrape-jobs/{id}', {
        params: { path: { id: job.id } },
      });
      expect(cancelled.response.status).toBe(200);
      expect(cancelled.data?.status).toBe('cancelled');
      const worker = await startWorkerHarness(api.env);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await worker.close();
      expect(site.requests(publicId)).toBe(0);
      const again = await scout.POST('/v1/scrape-jobs', { body: { profile: publicId } });
      expect(again.data?.id).not.toBe(job.id);
    } finally {
      await api.close();
      await site.close();
    }
  });
});
