import { getConnectionToken } from '@nestjs/mongoose';
import { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { ErasureParticipants, ErasureService, PrivacyMaintenance } from '@scout/privacy';
import { ScrapeJobsService } from '@scout/scraping';
import { type FakeSite, startFakeSite } from '../fixtures/fake-site';
import { type ApiHarness, startApiHarness, startWorkerHarness } from '../support/api-harness';
import { profileBody, uniquePublicId } from '../support/factories';
import { scanMongo, scanRedis } from '../support/personal-data-scan';
import { until } from '../support/wait';

jest.setTimeout(120_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

describe('erasure', () => {
  let site: FakeSite;
  let api: ApiHarness;
  let redis: Redis;
  let connection: Connection;

  beforeAll(async () => {
    site = await startFakeSite();
    api = await startApiHarness({
      SCRAPER_BASE_URL: site.url,
      SCRAPE_STALE_AFTER_MS: '1',
      WORKER_QUEUES: 'scrape',
    });
    redis = new Redis(api.config.redis.url, { maxRetriesPerRequest: null });
    connection = api.app.get<Connection>(getConnectionToken());
  });

  afterAll(async () => {
    redis.disconnect();
    await api.close();
    await site.close();
  });

  const inject = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) => api.app.inject({ method, url, payload, headers });

  async function settled(jobId: string): Promise<Json> {
    let job: Json = {};
    await until(async () => {
      job = (await inject('GET', `/v1/scrape-jobs/${jobId}`)).json<Json>();
      return ['succeeded', 'failed', 'dead', 'cancelled'].includes(job.status);
    }, `scrape job ${jobId} to finish`);
    return job;
  }

  /** Where the person still is: every collection and every Redis key and value. */
  async function leftovers(needles: string[]) {
    const mongo = await scanMongo(
      connection,
      needles,
      // The one exception (docs/privacy.md): the `profile.erased` event names the profile id,
      // so receivers can erase their copies; it carries nothing else.
      (collection, doc) => collection === 'events' && doc.type === 'profile.erased',
    );
    return [...mongo, ...(await scanRedis(redis, needles))];
  }

  it('removes a person created through every path from every collection and Redis key', async () => {
    const publicId = uniquePublicId('erase');
    const url = `${site.url}/in/${publicId}`;
    // API create, replayed with its Idempotency-Key.
    const body = profileBody({ publicId, url });
    const created = await inject('POST', '/v1/profiles', body, {
      'idempotency-key': `c-${publicId}`,
    });
    expect(created.statusCode).toBe(201);
    const replay = await inject('POST', '/v1/profiles', body, {
      'idempotency-key': `c-${publicId}`,
    });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const id = created.json<Json>().id as string;
    // Patch and batch, both with keys.
    const patched = await inject(
      'PATCH',
      `/v1/profiles/${id}`,
      { headline: 'Patched' },
      {
        'idempotency-key': `p-${publicId}`,
      },
    );
    expect(patched.statusCode).toBe(200);
    const batch = await inject(
      'POST',
      '/v1/profiles/batch',
      {
        profiles: [profileBody({ publicId, url, headline: 'From a batch' })],
      },
      { 'idempotency-key': `b-${publicId}` },
    );
    expect(batch.json<Json>().results[0].status).toBe('updated');
    // Scrape (with a key), then a re-scrape by the scheduler.
    const worker = await startWorkerHarness(api.env);
    try {
      const scrape = await inject(
        'POST',
        '/v1/scrape-jobs',
        { profile: publicId },
        {
          'idempotency-key': `s-${publicId}`,
        },
      );
      expect((await settled(scrape.json<Json>().job?.id ?? scrape.json<Json>().id)).status).toBe(
        'succeeded',
      );
      const service = api.app.get(ScrapeJobsService);
      expect((await service.runMaintenance()).stale).toBeGreaterThanOrEqual(1);
      const rescrape = (await inject('GET', '/v1/scrape-jobs?status=queued')).json<Json>().data;
      for (const job of rescrape) await settled(job.id);
    } finally {
      await worker.close();
    }
    // A scrape left waiting in the queue (no worker), and cached copies; history was recorded
    // by every write above.
    const waiting = await inject('POST', '/v1/scrape-jobs', { profile: publicId });
    expect(waiting.statusCode).toBe(202);
    expect((await inject('GET', `/v1/profiles/${publicId}`)).statusCode).toBe(200);
    expect((await inject('GET', `/v1/profiles/${id}`)).statusCode).toBe(200);
    const { version } = (await inject('GET', `/v1/profiles/${id}`)).json<Json>();
    const needles = [publicId, url, id];
    expect((await leftovers(needles)).length).toBeGreaterThan(10);

    const erased = await inject('POST', '/v1/erasure-requests', { profile: publicId });
    expect(erased.statusCode).toBe(201);
    const receipt = erased.json<Json>();
    expect(receipt).toMatchObject({
      state: 'completed',
      requestedBy: expect.stringMatching(/^api-key:/),
    });
    expect(receipt.removed).toMatchObject({
      profiles: 1,
      scrape_jobs: expect.any(Number),
      idempotency: expect.any(Number),
      events: expect.any(Number),
      queues: expect.any(Number),
      cache: expect.any(Number),
    });
    expect(receipt.removed.scrape_jobs).toBeGreaterThanOrEqual(3);
    expect(receipt.removed.idempotency).toBeGreaterThanOrEqual(4);
    expect(receipt.removed.queues).toBeGreaterThanOrEqual(3);
    expect(receipt.removed.events).toBeGreaterThanOrEqual(4);
    expect(receipt.suppressions).toHaveLength(2);

    expect(await leftovers(needles)).toEqual([]);
    const stored = await inject('GET', `/v1/erasure-requests/${receipt.id}`);
    expect(stored.json<Json>()).toEqual(receipt);
    expect(JSON.stringify(receipt)).not.toMatch(new RegExp(`${publicId}|${id}`));
    expect((await inject('GET', `/v1/profiles/${id}`)).statusCode).toBe(404);
    // The erased event is in the outbox for webhooks: the profile id and the next sequence.
    const event = await connection
      .collection('events')
      .findOne({ type: 'profile.erased', 'subject.id': id });
    expect(event).toMatchObject({ state: 'committed', sequence: version + 1, data: {} });
    // Erasing again is harmless: nothing left, still suppressed.
    const again = await inject('POST', '/v1/erasure-requests', { profile: publicId });
    expect(again.json<Json>()).toMatchObject({ state: 'completed', removed: { profiles: 0 } });
  });

  it('resumes an erasure that stopped half-way, from the step after the last one done', async () => {
    const publicId = uniquePublicId('resume');
    const id = (await inject('POST', '/v1/profiles', profileBody({ publicId }))).json<Json>().id;
    await inject('GET', `/v1/profiles/${id}`);
    let crashes = 1;
    api.app.get(ErasureParticipants).register(
      {
        store: 'crash-test',
        find: async () => 0,
        remove: async () => {
          if (crashes-- > 0) throw new Error('process died here');
          return 0;
        },
      },
      450, // after scrape jobs, idempotency and events; before the profile and the cache
    );
    const first = await inject('POST', '/v1/erasure-requests', { profile: id });
    expect(first.statusCode).toBe(202);
    const pending = first.json<Json>();
    expect(pending.state).toBe('pending');
    expect(pending.waitingFor).toMatch(/^crash-test: failed/);
    const stored = await connection
      .collection('erasure_requests')
      .findOne({ subjectHash: pending.subjectHash });
    expect(stored?.done).toEqual(['suppression', 'queues', 'scrape_jobs', 'idempotency', 'events']);
    // Stopped before the profile: it is still there, but already suppressed.
    expect((await inject('GET', `/v1/profiles/${id}`)).statusCode).toBe(200);
    expect(
      (await inject('POST', '/v1/profiles', profileBody({ publicId }))).json<Json>().code,
    ).toBe('SUPPRESSED');

    expect(await api.app.get(PrivacyMaintenance).run()).toMatchObject({
      erasuresResumed: 1,
      erasuresCompleted: 1,
    });
    const receipt = await api.app.get(ErasureService).get(pending.id);
    expect(receipt).toMatchObject({ state: 'completed', removed: { profiles: 1 } });
    expect(await leftovers([publicId, id])).toEqual([]);
  });

  it('waits for a scrape running during the erasure, which lands nothing, then removes its job', async () => {
    const publicId = uniquePublicId('inflight');
    site.setFault(publicId, { latencyMs: 1500 });
    const worker = await startWorkerHarness(api.env);
    try {
      const scrape = await inject('POST', '/v1/scrape-jobs', { profile: publicId });
      const jobId = scrape.json<Json>().id;
      await until(async () => site.requests(publicId) > 0, 'the scrape to reach the site');
      const erased = await inject('POST', '/v1/erasure-requests', { profile: publicId });
      expect(erased.statusCode).toBe(202);
      expect(erased.json<Json>().waitingFor).toMatch(/^queues: 1 queue job/);
      await until(
        async () =>
          (await redis.exists(`${api.config.queue.prefix}:scrape:${jobId}`)) === 1 &&
          (await redis.hget(`${api.config.queue.prefix}:scrape:${jobId}`, 'finishedOn')) !== null,
        'the running scrape to end',
      );
    } finally {
      await worker.close();
      site.clearFaults();
    }
    await api.app.get(PrivacyMaintenance).run();
    expect(await leftovers([publicId])).toEqual([]);
    expect(await connection.collection('profiles').countDocuments({ publicId })).toBe(0);
  });
});
