import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { mongo } from 'mongoose';
import { ProfileScrapeLanding } from '@scout/profiles';
import { ScrapeJobsService } from '@scout/scraping';
import { type FakeSite, startFakeSite } from '../fixtures/fake-site';
import { type ApiHarness, startApiHarness, startWorkerHarness } from '../support/api-harness';
import { uniquePublicId } from '../support/factories';
import { startRelay, type TcpRelay } from '../support/tcp-relay';
import { waitFor } from '../support/wait';

jest.setTimeout(90_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

/**
 * The Redis database the flush tests own: flushing it is, for Scout, the same as FLUSHALL (every
 * key Scout has lives in the one database of REDIS_URL), without wiping the database 0 that the
 * other suites of the run share.
 */
const FLUSHED_DB = 7;

async function getJob(api: ApiHarness, id: string): Promise<Json> {
  return (await api.app.inject({ method: 'GET', url: `/v1/scrape-jobs/${id}` })).json<Json>();
}

async function settled(api: ApiHarness, id: string, timeoutMs = 30_000): Promise<Json> {
  return waitFor(
    async () => {
      const job = await getJob(api, id);
      return ['succeeded', 'failed', 'dead', 'cancelled'].includes(job.status) ? job : undefined;
    },
    timeoutMs,
    `job ${id} to finish`,
  );
}

const runs = (job: Json): number =>
  job.transitions.filter((t: Json) => t.status === 'running').length;

describe('durable enqueue: Redis down when the job is requested', () => {
  let site: FakeSite;
  let relay: TcpRelay;
  let api: ApiHarness;

  beforeAll(async () => {
    site = await startFakeSite();
    relay = await startRelay(process.env.SCOUT_TEST_REDIS_URL!);
    api = await startApiHarness({
      SCRAPER_BASE_URL: site.url,
      REDIS_URL: `redis://127.0.0.1:${relay.port}/0`,
      SCRAPE_SWEEP_EVERY_MS: '300',
    });
  });

  afterAll(async () => {
    await api.close();
    await relay.close();
    await site.close();
  });

  it('answers 202 without the queue; the worker runs the job once Redis is back', async () => {
    const worker = await startWorkerHarness(api.env);
    try {
      await relay.close();
      const single = uniquePublicId('offline');
      const pair = [uniquePublicId('offline'), uniquePublicId('offline')];
      const started = Date.now();
      const created = await api.app.inject({
        method: 'POST',
        url: '/v1/scrape-jobs',
        payload: { profile: single },
      });
      const batch = await api.app.inject({
        method: 'POST',
        url: '/v1/scrape-jobs/batch',
        payload: { profiles: pair },
      });
      const elapsed = Date.now() - started;
      expect(created.statusCode).toBe(202);
      expect(batch.statusCode).toBe(202);
      // Bounded by QUEUE_ENQUEUE_TIMEOUT_MS per request, never by Redis's reconnects.
      expect(elapsed).toBeLessThan(5_000);
      const ids = [
        created.json<Json>().id as string,
        ...batch.json<Json>().results.map((r: Json) => r.job.id as string),
      ];
      for (const id of ids) {
        const job = await getJob(api, id);
        expect(job.status).toBe('queued');
        expect(job.enqueuedAt).toBeUndefined();
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect([single, ...pair].map((id) => site.requests(id))).toEqual([0, 0, 0]);

      relay = await startRelay(process.env.SCOUT_TEST_REDIS_URL!, relay.port);
      for (const id of ids) {
        const done = await settled(api, id);
        expect(done.status).toBe('succeeded');
        expect(done.enqueuedAt).toEqual(expect.any(String));
        expect(runs(done)).toBe(1);
      }
      expect([single, ...pair].map((id) => site.requests(id))).toEqual([1, 1, 1]);
    } finally {
      await worker.close();
    }
  });
});

describe('durable enqueue: Redis frozen when the job is requested', () => {
  it('answers 202 within the enqueue timeout instead of waiting on Redis', async () => {
    const site = await startFakeSite();
    const relay = await startRelay(process.env.SCOUT_TEST_REDIS_URL!);
    const api = await startApiHarness({
      SCRAPER_BASE_URL: site.url,
      REDIS_URL: `redis://127.0.0.1:${relay.port}/0`,
      QUEUE_ENQUEUE_TIMEOUT_MS: '300',
    });
    try {
      // Warm the pipeline (API key lookup, caches) while Redis still answers.
      expect(
        (await api.app.inject({ method: 'GET', url: '/v1/scrape-jobs?limit=1' })).statusCode,
      ).toBe(200);
      relay.pause();
      const started = Date.now();
      const created = await api.app.inject({
        method: 'POST',
        url: '/v1/scrape-jobs',
        payload: { profile: uniquePublicId('frozen') },
      });
      const elapsed = Date.now() - started;
      expect(created.statusCode).toBe(202);
      expect(created.json<Json>()).toMatchObject({ status: 'queued' });
      expect(created.json<Json>().enqueuedAt).toBeUndefined();
      expect(elapsed).toBeLessThan(3_000);
    } finally {
      // Cut the frozen connections first, so shutting the app down does not wait on them.
      await relay.close();
      await api.close();
      await site.close();
    }
  });
});

describe('durable enqueue: Redis flushed with jobs queued and running', () => {
  let site: FakeSite;
  let api: ApiHarness;
  let redis: Redis;
  let queue: Queue;

  beforeAll(async () => {
    site = await startFakeSite();
    api = await startApiHarness({
      SCRAPER_BASE_URL: site.url,
      REDIS_URL: `${process.env.SCOUT_TEST_REDIS_URL!}/${FLUSHED_DB}`,
      // The sweeps below are the test's own, so it can count what one sweep does.
      WORKER_QUEUES: 'scrape',
      WORKER_CONCURRENCY: '2',
    });
    redis = new Redis(api.config.redis.url, { maxRetriesPerRequest: null });
    queue = new Queue('scrape', { connection: redis, prefix: api.config.queue.prefix });
  });

  afterAll(async () => {
    await queue.close();
    redis.disconnect();
    await api.close();
    await site.close();
  });

  it('one sweep re-enqueues every queued job from MongoDB; each runs exactly once', async () => {
    const targets = [uniquePublicId('lost'), uniquePublicId('lost'), uniquePublicId('lost')];
    const batch = await api.app.inject({
      method: 'POST',
      url: '/v1/scrape-jobs/batch',
      payload: { profiles: targets },
    });
    const ids: string[] = batch.json<Json>().results.map((r: Json) => r.job.id);
    expect(await queue.getJobCountByTypes('waiting', 'prioritized')).toBe(3);

    await redis.flushdb();
    expect(await queue.getJobCountByTypes('waiting', 'prioritized')).toBe(0);

    const service = api.app.get(ScrapeJobsService);
    const sweep = await service.sweep();
    expect(sweep.enqueued).toBe(3);
    expect(sweep.checked).toBeGreaterThanOrEqual(3);
    expect(await queue.getJobCountByTypes('waiting', 'prioritized')).toBe(3);
    // A second sweep finds nothing missing.
    expect((await service.sweep()).enqueued).toBe(0);

    const worker = await startWorkerHarness(api.env);
    try {
      for (const id of ids) {
        const done = await settled(api, id);
        expect(done.status).toBe('succeeded');
        expect(runs(done)).toBe(1);
      }
      expect(targets.map((t) => site.requests(t))).toEqual([1, 1, 1]);
    } finally {
      await worker.close();
    }
  });

  it('a running job re-enqueued after a flush waits for its lease: it runs once, not twice at once', async () => {
    const publicId = uniquePublicId('midflight');
    site.setFault(publicId, { latencyMs: 2_500 });
    const worker = await startWorkerHarness(api.env);
    try {
      const id = (
        await api.app.inject({
          method: 'POST',
          url: '/v1/scrape-jobs',
          payload: { profile: publicId },
        })
      ).json<Json>().id as string;
      await waitFor(
        async () => ((await getJob(api, id)).status === 'running' ? true : undefined),
        10_000,
        'the job to run',
      );
      await redis.flushdb();
      const sweep = await api.app.get(ScrapeJobsService).sweep();
      expect(sweep.enqueued).toBe(1);

      const done = await settled(api, id);
      expect(done.status).toBe('succeeded');
      // The second queue entry was taken by the same worker (concurrency 2) while the first
      // run held the lease; it waited, then found the job finished and skipped it.
      await waitFor(
        async () =>
          (await queue.getJobCountByTypes('waiting', 'prioritized', 'delayed', 'active')) === 0
            ? true
            : undefined,
        15_000,
        'the second queue entry to be consumed',
      );
      expect(site.requests(publicId)).toBe(1);
      expect(runs(await getJob(api, id))).toBe(1);
    } finally {
      site.clearFaults();
      await worker.close();
    }
  });
  it("a worker's sweeper, on its own, puts a lost job and the re-scrape scheduler back after a flush", async () => {
    // Consumes only maintenance: the job stays in the queue for the test to find.
    const sweeper = await startWorkerHarness({
      ...api.env,
      WORKER_QUEUES: 'maintenance',
      SCRAPE_SWEEP_EVERY_MS: '300',
    });
    const maintenance = new Queue('maintenance', {
      connection: redis,
      prefix: api.config.queue.prefix,
    });
    const scheduler = async () =>
      (await maintenance.getJobScheduler('rescrape-stale-profiles')) ? true : undefined;
    try {
      const id = (
        await api.app.inject({
          method: 'POST',
          url: '/v1/scrape-jobs',
          payload: { profile: uniquePublicId('swept') },
        })
      ).json<Json>().id as string;
      await waitFor(scheduler, 10_000, 'the scheduler registered at boot');
      await redis.flushdb();
      await waitFor(scheduler, 10_000, 'the sweeper to register the scheduler again');
      await waitFor(
        async () => ((await queue.getJob(id)) ? true : undefined),
        10_000,
        'the sweeper to enqueue the lost job again',
      );
      expect((await getJob(api, id)).enqueuedAt).toEqual(expect.any(String));
    } finally {
      await sweeper.close();
      await maintenance.close();
    }
  });
});

describe('accepted once recorded: MongoDB failing right after the job is recorded', () => {
  let site: FakeSite;
  let api: ApiHarness;

  beforeAll(async () => {
    site = await startFakeSite();
    api = await startApiHarness({ SCRAPER_BASE_URL: site.url });
  });

  afterAll(async () => {
    await api.close();
    await site.close();
  });

  it('answers 202 with the recorded job (not 503 "nothing changed"), and the job runs', async () => {
    const worker = await startWorkerHarness(api.env);
    const profiles = api.app.get(ProfileScrapeLanding);
    // What a full disk did to the profile's `queued` mark in the chaos run.
    const diskFull = new mongo.MongoServerError({ message: 'database or disk is full (13)' });
    const mark = jest.spyOn(profiles, 'markScrapeQueued').mockRejectedValue(diskFull);
    try {
      const single = uniquePublicId('recorded');
      const pair = [uniquePublicId('recorded'), uniquePublicId('recorded')];
      const created = await api.app.inject({
        method: 'POST',
        url: '/v1/scrape-jobs',
        headers: { 'idempotency-key': `recorded-${single}` },
        payload: { profile: single },
      });
      const batch = await api.app.inject({
        method: 'POST',
        url: '/v1/scrape-jobs/batch',
        payload: { profiles: pair },
      });
      expect(mark).toHaveBeenCalledTimes(2);
      mark.mockRestore();
      expect(created.statusCode).toBe(202);
      expect(batch.statusCode).toBe(202);
      const ids = [
        created.json<Json>().id as string,
        ...batch.json<Json>().results.map((r: Json) => r.job.id as string),
      ];
      for (const id of ids) expect((await settled(api, id)).status).toBe('succeeded');
      for (const publicId of [single, ...pair]) {
        const profile = await api.app.inject({ method: 'GET', url: `/v1/profiles/${publicId}` });
        expect(profile.statusCode).toBe(200);
      }
    } finally {
      mark.mockRestore();
      await worker.close();
    }
  });
});
