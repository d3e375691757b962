import { randomBytes } from 'node:crypto';
import { MetricsRegistry } from '@scout/observability';
import { ApiMetrics } from '../../apps/api/src/metrics/api-metrics';
import { type FakeSite, startFakeSite } from '../fixtures/fake-site';
import { type ApiHarness, startApiHarness, startWorkerHarness } from '../support/api-harness';
import { freePort } from '../support/app-process';
import { profileBody, uniquePublicId } from '../support/factories';
import { find, parseMetrics, type Sample, valueOf } from '../support/prometheus-text';

jest.setTimeout(60_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

const OBJECT_ID = /[0-9a-f]{24}/i;

function objectId(): string {
  return randomBytes(12).toString('hex');
}

/** Every label value of every sample, for "nothing unbounded leaked into a label" checks. */
function labelValues(samples: Sample[]): string[] {
  return samples.flatMap((s) => Object.values(s.labels));
}

describe('api metrics on the management port', () => {
  let api: ApiHarness;
  let metricsUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    api = await startApiHarness({ METRICS_PORT: String(port), METRICS_HOST: '127.0.0.1' });
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
  });

  afterAll(async () => {
    await api.close();
  });

  async function scrape(): Promise<Sample[]> {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseMetrics(await response.text());
  }

  it('records requests by route template and status, with cache, pool and process metrics', async () => {
    const created = await api.app.inject({
      method: 'POST',
      url: '/v1/profiles',
      payload: profileBody(),
    });
    expect(created.statusCode).toBe(201);
    const profile = created.json<Json>();
    for (let i = 0; i < 3; i++) {
      const read = await api.app.inject({ method: 'GET', url: `/v1/profiles/${profile.id}` });
      expect(read.statusCode).toBe(200);
    }
    expect((await api.app.inject({ method: 'GET', url: '/no/such/route' })).statusCode).toBe(404);

    const samples = await scrape();
    const route = { method: 'GET', route: '/v1/profiles/:id', status_code: '200' };
    expect(valueOf(samples, 'http_request_duration_seconds_count', route)).toBeGreaterThanOrEqual(
      3,
    );
    expect(
      find(samples, 'http_request_duration_seconds_bucket', { ...route, le: '+Inf' }),
    ).toHaveLength(1);
    expect(
      valueOf(samples, 'http_request_duration_seconds_count', {
        method: 'POST',
        route: '/v1/profiles',
        status_code: '201',
      }),
    ).toBe(1);
    expect(
      valueOf(samples, 'http_request_duration_seconds_count', {
        route: 'unmatched',
        status_code: '404',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'http_requests_in_flight')).toBe(0);

    // the reads after the first were served from the in-process cache
    expect(
      valueOf(samples, 'scout_cache_events_total', {
        level: 'l1',
        namespace: 'profile',
        outcome: 'hit',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'scout_cache_loads_total', { namespace: 'profile' })).toBeGreaterThan(
      0,
    );

    expect(valueOf(samples, 'scout_mongodb_pool_connections')).toBeGreaterThan(0);
    expect(valueOf(samples, 'scout_mongodb_pool_connections_in_use')).toBeGreaterThanOrEqual(0);
    expect(valueOf(samples, 'scout_mongodb_pool_checkouts_waiting')).toBeGreaterThanOrEqual(0);
    expect(valueOf(samples, 'scout_mongodb_pool_max_size')).toBe(api.config.mongo.maxPoolSize);

    for (const state of ['waiting', 'active', 'delayed', 'failed']) {
      expect(valueOf(samples, 'scout_queue_jobs', { queue: 'scrape', state })).toBe(0);
    }

    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(find(samples, name).length).toBeGreaterThan(0);
    }

    expect(labelValues(samples).filter((v) => v.includes(profile.id as string))).toEqual([]);
    expect(labelValues(samples).filter((v) => v.includes(profile.publicId as string))).toEqual([]);
  });

  it('keeps label values bounded: 24 different ids make one series, never an id', async () => {
    for (let i = 0; i < 24; i++) {
      const response = await api.app.inject({ method: 'GET', url: `/v1/profiles/${objectId()}` });
      expect(response.statusCode).toBe(404);
    }
    const samples = await scrape();
    expect(
      valueOf(samples, 'http_request_duration_seconds_count', {
        method: 'GET',
        route: '/v1/profiles/:id',
        status_code: '404',
      }),
    ).toBeGreaterThanOrEqual(24);
    expect(labelValues(samples).filter((v) => OBJECT_ID.test(v))).toEqual([]);
    const routes = new Set(
      find(samples, 'http_request_duration_seconds_count').map((s) => s.labels.route),
    );
    expect([...routes].every((r) => r === 'unmatched' || r.startsWith('/'))).toBe(true);
  });

  it('is not on the public listener; the management port serves only GET /metrics', async () => {
    const publicScrape = await api.app.inject({ method: 'GET', url: '/metrics' });
    expect(publicScrape.statusCode).toBe(404);
    expect(publicScrape.body).not.toContain('http_request_duration_seconds');

    expect((await fetch(metricsUrl.replace('/metrics', '/v1/profiles'))).status).toBe(404);
    expect((await fetch(metricsUrl, { method: 'POST' })).status).toBe(405);
    expect((await fetch(metricsUrl, { method: 'HEAD' })).status).toBe(200);
  });
});

describe('api metrics turned off (METRICS_PORT=0)', () => {
  it('records nothing and opens no listener', async () => {
    const api = await startApiHarness({ METRICS_PORT: '0' });
    try {
      expect((await api.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
      expect(api.app.get(ApiMetrics).port).toBeUndefined();
      const samples = parseMetrics(await api.app.get(MetricsRegistry).metrics());
      expect(find(samples, 'http_request_duration_seconds_count')).toEqual([]);
      expect(find(samples, 'process_cpu_user_seconds_total')).toEqual([]);
      expect(valueOf(samples, 'http_requests_in_flight')).toBe(0);
    } finally {
      await api.close();
    }
  });
});

describe('worker metrics on its management listener', () => {
  let site: FakeSite;
  let api: ApiHarness;
  let worker: Awaited<ReturnType<typeof startWorkerHarness>>;

  beforeAll(async () => {
    site = await startFakeSite();
    api = await startApiHarness({ SCRAPER_BASE_URL: site.url });
    worker = await startWorkerHarness(api.env);
  });

  afterAll(async () => {
    await worker.close();
    await api.close();
    await site.close();
  });

  async function settled(id: string): Promise<Json> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const job = (
        await api.app.inject({ method: 'GET', url: `/v1/scrape-jobs/${id}` })
      ).json<Json>();
      if (['succeeded', 'failed', 'cancelled'].includes(job.status as string)) return job;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function scrapeJob(profile: string): Promise<Json> {
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/scrape-jobs',
      payload: { profile },
    });
    expect(response.statusCode).toBe(202);
    return settled(response.json<Json>().id as string);
  }

  it('shows job outcomes and durations, scraper requests and a closed breaker', async () => {
    const ok = uniquePublicId('metered');
    expect((await scrapeJob(ok)).status).toBe('succeeded');
    const missing = uniquePublicId('missing').replace(/^[a-z]+-/, 'missing-');
    expect((await scrapeJob(missing)).error).toMatchObject({ code: 'NOT_FOUND' });

    // The job's record is saved before the worker counts its outcome: wait for the count.
    const failedNotFound = { queue: 'scrape', outcome: 'failed', code: 'NOT_FOUND' };
    const deadline = Date.now() + 5_000;
    let response = await worker.app.inject({ method: 'GET', url: '/metrics' });
    while (
      (valueOf(parseMetrics(response.body), 'scout_queue_jobs_finished_total', failedNotFound) ??
        0) < 1 &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      response = await worker.app.inject({ method: 'GET', url: '/metrics' });
    }
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parseMetrics(response.body);
    const host = new URL(site.url).host;

    expect(
      valueOf(samples, 'scout_queue_jobs_finished_total', {
        queue: 'scrape',
        outcome: 'succeeded',
        code: 'none',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      valueOf(samples, 'scout_queue_jobs_finished_total', {
        queue: 'scrape',
        outcome: 'failed',
        code: 'NOT_FOUND',
      }),
    ).toBe(1);
    expect(
      valueOf(samples, 'scout_queue_job_duration_seconds_count', {
        queue: 'scrape',
        outcome: 'succeeded',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      valueOf(samples, 'scout_queue_job_duration_seconds_sum', {
        queue: 'scrape',
        outcome: 'succeeded',
      }),
    ).toBeGreaterThan(0);

    expect(
      valueOf(samples, 'scout_scraper_requests_total', { host, outcome: 'success' }),
    ).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'scout_scraper_requests_total', { host, outcome: 'NOT_FOUND' })).toBe(
      1,
    );
    expect(valueOf(samples, 'scout_scraper_retries_total', { host })).toBe(0);
    expect(valueOf(samples, 'scout_scraper_breaker_state', { host })).toBe(0);

    expect(find(samples, 'scout_queue_jobs', { queue: 'scrape', state: 'waiting' })).toHaveLength(
      1,
    );
    expect(find(samples, 'scout_queue_jobs_stalled_total')).toEqual([]);
    expect(find(samples, 'scout_mongodb_pool_connections_in_use')).toHaveLength(1);
    expect(find(samples, 'nodejs_eventloop_lag_seconds')).toHaveLength(1);
    expect(labelValues(samples).filter((v) => v.includes(ok) || v.includes(missing))).toEqual([]);
  });
});
