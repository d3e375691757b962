import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ScrapeJobsService } from '@scout/scraping';
import { type FakeSite, startFakeSite } from '../fixtures/fake-site';
import { type ApiHarness, startApiHarness, startWorkerHarness } from '../support/api-harness';
import { uniquePublicId } from '../support/factories';

jest.setTimeout(60_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

describe('re-scraping stale profiles', () => {
  let site: FakeSite;
  let api: ApiHarness;

  beforeAll(async () => {
    site = await startFakeSite();
    api = await startApiHarness({
      SCRAPER_BASE_URL: site.url,
      SCRAPE_STALE_AFTER_MS: '1',
      SCRAPE_SCHEDULER_BATCH_SIZE: '2',
      WORKER_QUEUES: 'scrape',
    });
  });

  afterAll(async () => {
    await api.close();
    await site.close();
  });

  async function settle(ids: string[]): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const jobs = await Promise.all(
        ids.map(async (id) =>
          (await api.app.inject({ method: 'GET', url: `/v1/scrape-jobs/${id}` })).json<Json>(),
        ),
      );
      if (jobs.every((j) => j.status === 'succeeded')) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('jobs did not settle');
  }

  it('queues the stalest profiles in bounded batches, each at most once at a time', async () => {
    const worker = await startWorkerHarness(api.env);
    try {
      const targets = [uniquePublicId('old'), uniquePublicId('old'), uniquePublicId('old')];
      const batch = await api.app.inject({
        method: 'POST',
        url: '/v1/scrape-jobs/batch',
        payload: { profiles: targets },
      });
      const results = batch.json<Json>().results;
      // Jobs record who asked: the API key's id (never the key), or the scheduler below.
      expect(results.every((r: Json) => /^api-key:[0-9a-f]{24}$/.test(r.job.requestedBy))).toBe(
        true,
      );
      await settle(results.map((r: Json) => r.job.id));
    } finally {
      await worker.close();
    }
    const service = api.app.get(ScrapeJobsService);
    expect(await service.runMaintenance()).toEqual({ stale: 2 });
    const queued = (
      await api.app.inject({ method: 'GET', url: '/v1/scrape-jobs?status=queued' })
    ).json<Json>().data;
    expect(queued).toHaveLength(2);
    expect(queued.every((j: Json) => j.priority === 'low')).toBe(true);
    expect(queued.every((j: Json) => j.requestedBy === 'scheduler')).toBe(true);
    // The two already queued are not queued twice; the third one now is.
    expect(await service.runMaintenance()).toEqual({ stale: 1 });
  });

  it('every worker registers the same single scheduler', async () => {
    const env = { ...api.env, WORKER_QUEUES: 'maintenance' };
    const workers = [await startWorkerHarness(env), await startWorkerHarness(env)];
    const connection = new Redis(api.config.redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue('maintenance', { connection, prefix: api.config.queue.prefix });
    try {
      const deadline = Date.now() + 5_000;
      let schedulers = await queue.getJobSchedulers();
      while (schedulers.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        schedulers = await queue.getJobSchedulers();
      }
      expect(schedulers).toHaveLength(1);
      expect(schedulers[0]).toMatchObject({
        key: 'rescrape-stale-profiles',
        every: api.config.scraping.schedulerEveryMs,
      });
    } finally {
      await Promise.all(workers.map((w) => w.close()));
      await queue.close();
      connection.disconnect();
    }
  });
});
