import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { type Connection, Types } from 'mongoose';
import { AppConfig } from '@scout/config';
import {
  ConfigFlagProvider,
  Flag,
  flagValuesOf,
  FlagsService,
  type FlagValues,
} from '@scout/flags';
import { ProfileQueries } from '@scout/profiles';
import { type ApiHarness, startApiHarness, startWorkerHarness } from '../support/api-harness';
import { profileBody } from '../support/factories';
import { until } from '../support/wait';

jest.setTimeout(60_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

/** Changes flags in one app through its configuration provider, as a SIGHUP reload would. */
function switchFlags(app: NestFastifyApplication, changes: Partial<FlagValues>): void {
  app.get(ConfigFlagProvider).update({ ...flagValuesOf(app.get(AppConfig)), ...changes });
}

async function createProfile(api: ApiHarness): Promise<Json> {
  const response = await api.app.inject({
    method: 'POST',
    url: '/v1/profiles',
    payload: profileBody(),
  });
  expect(response.statusCode).toBe(201);
  return response.json<Json>();
}

describe('feature flag scraping.scheduler', () => {
  it('while off, scheduled runs queue no stale profiles; switched on, the next run queues them', async () => {
    const api = await startApiHarness({
      SCRAPE_STALE_AFTER_MS: '1',
      SCRAPE_SCHEDULER_EVERY_MS: '200',
      FLAG_SCRAPING_SCHEDULER: 'false',
      WORKER_QUEUES: 'maintenance',
    });
    const connection = new Redis(api.config.redis.url, { maxRetriesPerRequest: null });
    const maintenance = new Queue('maintenance', { connection, prefix: api.config.queue.prefix });
    const db = api.app.get<Connection>(getConnectionToken());
    const scrapeJobs = () => db.collection('scrape_jobs').countDocuments();
    let worker: Awaited<ReturnType<typeof startWorkerHarness>> | undefined;
    try {
      const stale = [await createProfile(api), await createProfile(api)];
      await db
        .collection('profiles')
        .updateMany(
          { _id: { $in: stale.map((p) => new Types.ObjectId(p.id as string)) } },
          { $set: { 'scrape.status': 'succeeded', 'scrape.lastScrapedAt': new Date(0) } },
        );
      worker = await startWorkerHarness(api.env);

      await until(
        async () => (await maintenance.getJobCounts('completed')).completed >= 2,
        'two scheduled maintenance runs',
      );
      expect(await scrapeJobs()).toBe(0);

      // Only the provider's change event reaches the worker: no refresh is forced here.
      switchFlags(worker.app, { [Flag.ScrapingScheduler]: true });
      await until(async () => (await scrapeJobs()) === 2, 'the stale profiles to be queued');
      const queued = await db.collection('scrape_jobs').find().toArray();
      expect(queued.map((job) => job.priority)).toEqual(['low', 'low']);
      expect(queued.map((job) => (job.target as Json).publicId).sort()).toEqual(
        stale.map((p) => p.publicId as string).sort(),
      );
    } finally {
      await worker?.close();
      await maintenance.close();
      connection.disconnect();
      await api.close();
    }
  });
});

describe('feature flag cache.enabled', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApiHarness();
  });

  afterAll(async () => {
    await api.close();
  });

  /** The profiles collection, wrapped to count the queries that actually reach MongoDB. */
  function countProfileQueries(): () => number {
    const model = api.app.get<Connection>(getConnectionToken()).models.Profile;
    const findById = jest.spyOn(model, 'findById');
    const findOne = jest.spyOn(model, 'findOne');
    return () => findById.mock.calls.length + findOne.mock.calls.length;
  }

  const read = async (id: string): Promise<Json> => {
    const response = await api.app.inject({ method: 'GET', url: `/v1/profiles/${id}` });
    expect(response.statusCode).toBe(200);
    return response.json<Json>();
  };

  it('switched off at run time, every read goes to MongoDB; switched on, reads are cached again and not outdated', async () => {
    const profile = await createProfile(api);
    const queries = countProfileQueries();
    try {
      await read(profile.id as string);
      const cached = queries();
      await read(profile.id as string);
      expect(queries()).toBe(cached);

      switchFlags(api.app, { [Flag.CacheEnabled]: false });
      await api.app.get(FlagsService).refresh();
      for (let i = 0; i < 3; i++) {
        const before = queries();
        await read(profile.id as string);
        expect(queries()).toBeGreaterThan(before);
      }
      // A change made behind the cache's back is visible at once.
      await api.app
        .get<Connection>(getConnectionToken())
        .collection('profiles')
        .updateOne(
          { _id: new Types.ObjectId(profile.id as string) },
          { $set: { headline: 'Changed behind the cache' } },
        );
      expect((await read(profile.id as string)).headline).toBe('Changed behind the cache');
      // A write while off still evicts the copy Redis kept from before.
      const patched = await api.app.inject({
        method: 'PATCH',
        url: `/v1/profiles/${profile.id}`,
        payload: { headline: 'Patched while the cache was off' },
      });
      expect(patched.statusCode).toBe(200);

      switchFlags(api.app, { [Flag.CacheEnabled]: true });
      await api.app.get(FlagsService).refresh();
      expect((await read(profile.id as string)).headline).toBe('Patched while the cache was off');
      const reloaded = queries();
      expect((await read(profile.id as string)).headline).toBe('Patched while the cache was off');
      expect(queries()).toBe(reloaded);
    } finally {
      jest.restoreAllMocks();
    }
  });
});

describe('feature flag cache.warming', () => {
  afterEach(() => jest.restoreAllMocks());

  it('off: a starting api preloads nothing; on: it preloads CACHE_WARM_COUNT profiles', async () => {
    const warm = jest.spyOn(ProfileQueries.prototype, 'warm').mockResolvedValue(0);
    const off = await startApiHarness({ CACHE_WARM_COUNT: '3', FLAG_CACHE_WARMING: 'false' });
    await off.close();
    expect(warm).not.toHaveBeenCalled();

    const on = await startApiHarness({ CACHE_WARM_COUNT: '3' });
    await on.close();
    expect(warm).toHaveBeenCalledWith(3);
  });
});
