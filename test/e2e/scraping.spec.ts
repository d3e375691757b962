import { type FakeSite, startFakeSite } from '../fixtures/fake-site';
import { type ApiHarness, startApiHarness, startWorkerHarness } from '../support/api-harness';
import { uniquePublicId } from '../support/factories';
import { OpenApiClient } from '../support/openapi-client';

jest.setTimeout(60_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies
type Worker = Awaited<ReturnType<typeof startWorkerHarness>>;

describe('scraping pipeline', () => {
  let site: FakeSite;
  let api: ApiHarness;
  let worker: Worker;
  let client: OpenApiClient;

  beforeAll(async () => {
    site = await startFakeSite();
    api = await startApiHarness({ SCRAPER_BASE_URL: site.url, QUEUE_JOB_ATTEMPTS: '2' });
    worker = await startWorkerHarness(api.env);
    client = new OpenApiClient(api.app);
    await client.load();
  });

  afterAll(async () => {
    await worker.close();
    await api.close();
    await site.close();
  });

  afterEach(() => site.clearFaults());

  const request = (profile: string, headers: Record<string, string> = {}) =>
    client.request({ method: 'POST', url: '/v1/scrape-jobs', payload: { profile }, headers });

  async function settled(id: string, timeoutMs = 20_000): Promise<Json> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = (
        await client.request({ method: 'GET', url: `/v1/scrape-jobs/${id}` })
      ).json<Json>();
      if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('POST → 202 + Location → succeeded → profile and company readable through the API', async () => {
    const publicId = uniquePublicId('ada');
    const response = await request(publicId);
    expect(response.statusCode).toBe(202);
    const job = response.json<Json>();
    expect(response.headers.location).toBe(`/v1/scrape-jobs/${job.id}`);
    expect(job).toMatchObject({
      status: 'queued',
      target: { publicId, url: `${site.url}/in/${publicId}` },
    });

    const done = await settled(job.id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toMatchObject({ changed: true });
    expect(done.transitions.map((t: Json) => t.status)).toEqual(['queued', 'running', 'succeeded']);

    const profile = (
      await client.request({ method: 'GET', url: `/v1/profiles/${publicId}` })
    ).json<Json>();
    expect(profile).toMatchObject({
      publicId,
      source: 'scrape',
      scrape: { status: 'succeeded', lastJobId: job.id },
    });
    expect(profile.fullName.length).toBeGreaterThan(0);
    expect(profile.currentCompany).toBeDefined();
    const company = await client.request({
      method: 'GET',
      url: `/v1/companies/${profile.currentCompany.publicId}`,
    });
    expect(company.statusCode).toBe(200);
  });

  it('a profile URL on the configured host is accepted; scraping it again changes nothing', async () => {
    const publicId = uniquePublicId('grace');
    const first = await settled((await request(`${site.url}/in/${publicId}/`)).json<Json>().id);
    expect(first.status).toBe('succeeded');
    const before = (
      await client.request({ method: 'GET', url: `/v1/profiles/${publicId}` })
    ).json<Json>();
    const second = await settled((await request(publicId)).json<Json>().id);
    expect(second.result).toMatchObject({ profileId: before.id, changed: false });
    const after = (
      await client.request({ method: 'GET', url: `/v1/profiles/${publicId}` })
    ).json<Json>();
    expect(after.version).toBe(before.version);
    expect(after.updatedAt).toBe(before.updatedAt);
  });

  it('10 concurrent requests for one target → one job, one request to the site', async () => {
    const publicId = uniquePublicId('crowd');
    site.setFault(publicId, { latencyMs: 300 });
    const responses = await Promise.all(Array.from({ length: 10 }, () => request(publicId)));
    const ids = new Set(responses.map((r) => r.json<Json>().id));
    expect(responses.every((r) => r.statusCode === 202)).toBe(true);
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
    const job = await settled((await request(publicId)).json<Json>().id);
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({ code, retryable: false });
    expect(site.requests(publicId)).toBe(1);
  });

  it('two 503s then 200 → succeeded on the third request', async () => {
    const publicId = uniquePublicId('flaky');
    site.setFault(publicId, { status: 503, failTimes: 2 });
    const job = await settled((await request(publicId)).json<Json>().id);
    expect(job.status).toBe('succeeded');
    expect(site.requests(publicId)).toBe(3);
  });

  it('429 with Retry-After: 2 → the next attempt comes no sooner than 2 s later', async () => {
    const publicId = uniquePublicId('busy');
    site.setFault(publicId, { status: 429, retryAfterSeconds: 2, failTimes: 1 });
    const started = Date.now();
    const job = await settled((await request(publicId)).json<Json>().id);
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
    const response = await request(profile);
    expect(response.statusCode).toBe(400);
    expect(response.json<Json>().code).toBe('INVALID_TARGET');
    expect(site.requests()).toBe(before);
  });

  it('Idempotency-Key: a replay returns the first job; a different body with it is 422', async () => {
    const key = `key-${uniquePublicId('k')}`;
    const publicId = uniquePublicId('idem');
    const first = await request(publicId, { 'idempotency-key': key });
    await settled(first.json<Json>().id);
    const replay = await request(publicId, { 'idempotency-key': key });
    expect(replay.statusCode).toBe(202);
    expect(replay.json<Json>().id).toBe(first.json<Json>().id);
    const misuse = await request(uniquePublicId('other'), { 'idempotency-key': key });
    expect(misuse.statusCode).toBe(422);
    expect(misuse.json<Json>().code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('retry: a failed job is queued again and succeeds once the site recovers; 409 otherwise', async () => {
    const publicId = uniquePublicId('later');
    site.setFault(publicId, { blocked: 'http999' });
    const failed = await settled((await request(publicId)).json<Json>().id);
    expect(failed.status).toBe('failed');
    site.clearFaults();
    const retried = await client.request({
      method: 'POST',
      url: `/v1/scrape-jobs/${failed.id}/retry`,
    });
    expect(retried.statusCode).toBe(202);
    expect(retried.json<Json>().status).toBe('queued');
    const done = await settled(failed.id);
    expect(done.status).toBe('succeeded');
    const again = await client.request({
      method: 'POST',
      url: `/v1/scrape-jobs/${failed.id}/retry`,
    });
    expect(again.statusCode).toBe(409);
  });

  it('retry of a failed job while its target has a newer active job → 409, nothing changed', async () => {
    const publicId = uniquePublicId('busy');
    site.setFault(publicId, { blocked: 'http999' });
    const failed = await settled((await request(publicId)).json<Json>().id);
    expect(failed.status).toBe('failed');
    site.setFault(publicId, { latencyMs: 1_500 });
    const active = (await request(publicId)).json<Json>();
    expect(active.id).not.toBe(failed.id);

    const retried = await client.request({
      method: 'POST',
      url: `/v1/scrape-jobs/${failed.id}/retry`,
    });
    expect(retried.statusCode).toBe(409);
    expect(retried.json<Json>().code).toBe('CONFLICT');
    const after = await client.request({ method: 'GET', url: `/v1/scrape-jobs/${failed.id}` });
    expect(after.json<Json>().status).toBe('failed');
    expect((await settled(active.id)).status).toBe('succeeded');
  });

  it('cancel: a running job → 409 JOB_RUNNING; a finished job → 409; unknown → 404', async () => {
    const publicId = uniquePublicId('slow');
    site.setFault(publicId, { latencyMs: 1_500 });
    const job = (await request(publicId)).json<Json>();
    const deadline = Date.now() + 5_000;
    while (
      (await client.request({ method: 'GET', url: `/v1/scrape-jobs/${job.id}` })).json<Json>()
        .status !== 'running'
    ) {
      if (Date.now() > deadline) throw new Error('never ran');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const running = await client.request({ method: 'DELETE', url: `/v1/scrape-jobs/${job.id}` });
    expect(running.statusCode).toBe(409);
    expect(running.json<Json>().code).toBe('JOB_RUNNING');
    await settled(job.id);
    expect(
      (await client.request({ method: 'DELETE', url: `/v1/scrape-jobs/${job.id}` })).statusCode,
    ).toBe(409);
    expect(
      (await client.request({ method: 'DELETE', url: '/v1/scrape-jobs/6b0804bd876823522b4f0923' }))
        .statusCode,
    ).toBe(404);
  });

  it('batch: valid targets queued with one bulk enqueue, invalid ones reported per item; list filters by status', async () => {
    const ids = [uniquePublicId('b1'), uniquePublicId('b2')];
    const response = await client.request({
      method: 'POST',
      url: '/v1/scrape-jobs/batch',
      payload: { profiles: [ids[0], 'file:///etc/passwd', ids[1], ids[0]] },
    });
    expect(response.statusCode).toBe(202);
    const results = response.json<Json>().results;
    expect(results.map((r: Json) => r.status)).toEqual(['queued', 'invalid', 'queued', 'existing']);
    expect(results[3].job.id).toBe(results[0].job.id);
    for (const r of [results[0], results[2]])
      expect((await settled(r.job.id)).status).toBe('succeeded');

    const page = (
      await client.request({ method: 'GET', url: '/v1/scrape-jobs?status=succeeded&limit=2' })
    ).json<Json>();
    expect(page.data).toHaveLength(2);
    expect(page.data.every((j: Json) => j.status === 'succeeded')).toBe(true);
    expect(page.page.nextCursor).toEqual(expect.any(String));
    const tooMany = await client.request({
      method: 'POST',
      url: '/v1/scrape-jobs/batch',
      payload: { profiles: Array.from({ length: 1_001 }, (_, i) => `p-${i}-x`) },
    });
    expect(tooMany.statusCode).toBe(413);
  });
});

describe('cancelling a queued job (no worker running)', () => {
  it('queued → cancelled, and the job never runs', async () => {
    const site = await startFakeSite();
    const api = await startApiHarness({ SCRAPER_BASE_URL: site.url });
    try {
      const publicId = uniquePublicId('never');
      const job = (
        await api.app.inject({
          method: 'POST',
          url: '/v1/scrape-jobs',
          payload: { profile: publicId },
        })
      ).json<Json>();
      const cancelled = await api.app.inject({
        method: 'DELETE',
        url: `/v1/scrape-jobs/${job.id}`,
      });
      expect(cancelled.statusCode).toBe(200);
      expect(cancelled.json<Json>().status).toBe('cancelled');
      const worker = await startWorkerHarness(api.env);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await worker.close();
      expect(site.requests(publicId)).toBe(0);
      const again = await api.app.inject({
        method: 'POST',
        url: '/v1/scrape-jobs',
        payload: { profile: publicId },
      });
      expect(again.json<Json>().id).not.toBe(job.id);
    } finally {
      await api.close();
      await site.close();
    }
  });
});
