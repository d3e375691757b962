import { type FakeSite, startFakeSite } from '../fixtures/fake-site';
import { type ApiHarness, startApiHarness, startWorkerHarness } from '../support/api-harness';
import { profileBody, uniquePublicId } from '../support/factories';
import {
  canStartRedisCluster,
  type RedisCluster,
  type RedisSentinel,
  startRedisCluster,
  startRedisSentinel,
} from '../support/redis-cluster';
import { uniqueDbName } from '../support/test-env';
import { until, waitFor } from '../support/wait';

jest.setTimeout(90_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies
type Worker = Awaited<ReturnType<typeof startWorkerHarness>>;

// Every run of `npm test` has redis-server (the test setup installs it); a machine given only an
// external REDIS_URL may not, and then there is no cluster to start.
const describeWithCluster = canStartRedisCluster() ? describe : describe.skip;

describeWithCluster('Scout on a Redis Cluster (three primaries)', () => {
  let cluster: RedisCluster;
  let site: FakeSite;
  let api: ApiHarness;
  let worker: Worker;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    site = await startFakeSite();
    api = await startApiHarness({
      REDIS_TOPOLOGY: 'cluster',
      REDIS_URL: cluster.url,
      QUEUE_PREFIX: `{${uniqueDbName('scout-cluster')}}:bull`,
      SCRAPER_BASE_URL: site.url,
      // Correctness on a cluster is under test here, not latency: a loaded CI machine must not
      // turn a slow first command per node into a skipped cache write.
      CACHE_REDIS_TIMEOUT_MS: '2000',
      RATE_LIMIT_REDIS_TIMEOUT_MS: '2000',
    });
    worker = await startWorkerHarness(api.env);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await site?.close();
    await cluster?.stop();
  });

  it('reports Redis ready through the cluster client', async () => {
    const ready = await api.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
  });

  it('caches a profile across the cluster and invalidates it on a write', async () => {
    const created = await api.app.inject({
      method: 'POST',
      url: '/v1/profiles',
      payload: profileBody({ publicId: uniquePublicId('cl'), headline: 'Before' }),
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<Json>().id as string;

    expect((await api.app.inject({ method: 'GET', url: `/v1/profiles/${id}` })).statusCode).toBe(
      200,
    );
    // The entry's value and generation keys share a slot (hash tag), so one script wrote both.
    const valueKey = `scout:cache:v:{profile:id:${id}}`;
    await until(async () => (await cluster.cli(['exists', valueKey])) === '1', 'the L2 entry');
    const slots = await Promise.all(
      [valueKey, `scout:cache:g:{profile:id:${id}}`].map((key) =>
        cluster.cli(['cluster', 'keyslot', key]),
      ),
    );
    expect(new Set(slots).size).toBe(1);

    const patched = await api.app.inject({
      method: 'PATCH',
      url: `/v1/profiles/${id}`,
      payload: { headline: 'After' },
    });
    expect(patched.statusCode).toBe(200);
    expect(await cluster.cli(['exists', valueKey])).toBe('0');
    const read = await api.app.inject({ method: 'GET', url: `/v1/profiles/${id}` });
    expect(read.json<Json>().headline).toBe('After');
  });

  it('runs a scrape job through BullMQ on the cluster to success', async () => {
    const publicId = uniquePublicId('clscrape');
    const accepted = await api.app.inject({
      method: 'POST',
      url: '/v1/scrape-jobs',
      payload: { profile: publicId },
    });
    expect(accepted.statusCode).toBe(202);
    const jobId = accepted.json<Json>().id as string;
    const job = await waitFor(
      async () => {
        const current = (
          await api.app.inject({ method: 'GET', url: `/v1/scrape-jobs/${jobId}` })
        ).json<Json>();
        return ['succeeded', 'failed', 'dead'].includes(current.status as string)
          ? current
          : undefined;
      },
      30_000,
      'the scrape job to finish',
    );
    expect(job.status).toBe('succeeded');
    const profile = await api.app.inject({ method: 'GET', url: `/v1/profiles/${publicId}` });
    expect(profile.statusCode).toBe(200);
  });

  it('keeps rate-limit budgets in the cluster', async () => {
    const first = await api.app.inject({ method: 'GET', url: '/v1/profiles?limit=1' });
    const second = await api.app.inject({ method: 'GET', url: '/v1/profiles?limit=1' });
    expect(first.statusCode).toBe(200);
    const remaining = (response: typeof first): number =>
      Number(response.headers['ratelimit-remaining']);
    expect(remaining(second)).toBe(remaining(first) - 1);
  });
});

describeWithCluster('Scout through Redis Sentinel', () => {
  let sentinel: RedisSentinel;
  let api: ApiHarness;

  beforeAll(async () => {
    sentinel = await startRedisSentinel();
    api = await startApiHarness({
      REDIS_TOPOLOGY: 'sentinel',
      REDIS_URL: sentinel.url,
      REDIS_SENTINEL_NAME: sentinel.name,
    });
  });

  afterAll(async () => {
    await api?.close();
    await sentinel?.stop();
  });

  it('finds the primary through the sentinel, then serves and rate-limits as usual', async () => {
    expect((await api.app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    const created = await api.app.inject({
      method: 'POST',
      url: '/v1/profiles',
      payload: profileBody({ publicId: uniquePublicId('sn') }),
    });
    expect(created.statusCode).toBe(201);
    const read = await api.app.inject({
      method: 'GET',
      url: `/v1/profiles/${created.json<Json>().id}`,
    });
    expect(read.statusCode).toBe(200);
    expect(Number(read.headers['ratelimit-remaining'])).toBeGreaterThan(0);
  });
});
