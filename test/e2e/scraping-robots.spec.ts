import { type FakeSite, startFakeSite } from '../fixtures/fake-site';
import { type ApiHarness, startApiHarness, startWorkerHarness } from '../support/api-harness';
import { uniquePublicId } from '../support/factories';
import { OpenApiClient } from '../support/openapi-client';

jest.setTimeout(60_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

/**
 * robots.txt end to end: api, a real worker, FerretDB, Redis and the fake site. Each test starts
 * its own worker, so each begins with an empty robots.txt cache.
 */
describe('scraping honours robots.txt', () => {
  let site: FakeSite;
  let api: ApiHarness;
  let client: OpenApiClient;

  beforeAll(async () => {
    site = await startFakeSite();
    api = await startApiHarness({
      SCRAPER_BASE_URL: site.url,
      SCRAPER_MAX_ATTEMPTS: '3',
      QUEUE_JOB_ATTEMPTS: '3',
    });
    client = new OpenApiClient(api.app);
    await client.load();
  });

  afterAll(async () => {
    await api?.close();
    await site?.close();
  });

  afterEach(() => {
    site.clearFaults();
    site.resetCounts();
  });

  async function withWorker(
    overrides: Record<string, string>,
    run: () => Promise<void>,
  ): Promise<void> {
    const worker = await startWorkerHarness({ ...api.env, ...overrides });
    try {
      await run();
    } finally {
      await worker.close();
    }
  }

  async function scrape(profile: string): Promise<string> {
    const response = await client.request({
      method: 'POST',
      url: '/v1/scrape-jobs',
      payload: { profile },
    });
    expect(response.statusCode).toBe(202);
    return response.json<Json>().id as string;
  }

  async function job(id: string): Promise<Json> {
    return (await client.request({ method: 'GET', url: `/v1/scrape-jobs/${id}` })).json<Json>();
  }

  async function settled(id: string, timeoutMs = 30_000): Promise<Json> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = await job(id);
      if (['succeeded', 'failed', 'cancelled'].includes(current.status as string)) return current;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${current.status}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('a path our group disallows → failed BLOCKED without requesting the page', async () => {
    site.setRobots({
      body: 'User-agent: *\nAllow: /\n\nUser-agent: scoutbot\nDisallow: /in/private-\n',
    });
    const hidden = uniquePublicId('private');
    const open = uniquePublicId('public');
    await withWorker({}, async () => {
      const failed = await settled(await scrape(hidden));
      expect(failed.status).toBe('failed');
      expect(failed.error).toMatchObject({ code: 'BLOCKED', retryable: false });
      expect(failed.error.message).toMatch(/robots\.txt disallows \/in\/private-/);
      expect(site.requests(hidden)).toBe(0);

      expect((await settled(await scrape(open))).status).toBe('succeeded');
      expect(site.requests(open)).toBe(1);
    });
    expect(site.robotsRequests()).toBe(1);
  });

  it('another agent disallowed everywhere, ours allowed → succeeds', async () => {
    site.setRobots({
      body: [
        'User-agent: OtherBot',
        'Disallow: /',
        '',
        'User-agent: ScoutBot',
        'Allow: /in/',
        'Disallow: /',
        '',
        'User-agent: *',
        'Disallow: /',
      ].join('\n'),
    });
    const publicId = uniquePublicId('allowed');
    await withWorker({}, async () => {
      expect((await settled(await scrape(publicId))).status).toBe('succeeded');
    });
    expect(site.requests(publicId)).toBe(1);
    expect(site.robotsRequests()).toBe(1);
  });

  it('robots.txt 404 → everything allowed', async () => {
    site.setRobots({ status: 404 });
    const publicId = uniquePublicId('nofile');
    await withWorker({}, async () => {
      expect((await settled(await scrape(publicId))).status).toBe('succeeded');
    });
    expect(site.requests(publicId)).toBe(1);
    expect(site.robotsRequests()).toBe(1);
  });

  it('robots.txt 503 → the job is retried, not failed, and succeeds once robots.txt answers', async () => {
    // Three 503s use up the first run's in-process attempts; the queue's retry meets a 200.
    site.setRobots({ status: 503, failTimes: 3 });
    const publicId = uniquePublicId('later');
    await withWorker({}, async () => {
      const done = await settled(await scrape(publicId));
      expect(done.status).toBe('succeeded');
      const statuses = done.transitions.map((t: Json) => t.status as string);
      expect(statuses).not.toContain('failed');
      expect(statuses).toEqual(['queued', 'running', 'queued', 'running', 'succeeded']);
      expect(done.transitions[2].note).toBe('will retry');
    });
    expect(site.robotsRequests()).toBe(4);
    expect(site.requests(publicId)).toBe(1);
  });

  it('SCRAPER_RESPECT_ROBOTS=false → robots.txt is never requested and the page is fetched', async () => {
    site.setRobots({ body: 'User-agent: *\nDisallow: /\n' });
    const publicId = uniquePublicId('ignored');
    await withWorker({ SCRAPER_RESPECT_ROBOTS: 'false' }, async () => {
      expect((await settled(await scrape(publicId))).status).toBe('succeeded');
    });
    expect(site.requests(publicId)).toBe(1);
    expect(site.robotsRequests()).toBe(0);
  });

  it('many concurrent jobs → one robots.txt request per process per TTL', async () => {
    const targets = Array.from({ length: 24 }, () => uniquePublicId('crowd'));
    const batch = await client.request({
      method: 'POST',
      url: '/v1/scrape-jobs/batch',
      payload: { profiles: targets },
    });
    expect(batch.statusCode).toBe(202);
    const ids: string[] = batch.json<Json>().results.map((r: Json) => r.job.id as string);
    await withWorker({ WORKER_CONCURRENCY: '8' }, async () => {
      const finished = await Promise.all(ids.map((id) => settled(id)));
      expect(finished.every((j) => j.status === 'succeeded')).toBe(true);
    });
    expect(targets.every((t) => site.requests(t) === 1)).toBe(true);
    expect(site.robotsRequests()).toBe(1);
  });
});
