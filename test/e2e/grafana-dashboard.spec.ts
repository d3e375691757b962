import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { type FakeSite, startFakeSite } from '../fixtures/fake-site';
import { type ApiHarness, startApiHarness, startWorkerHarness } from '../support/api-harness';
import { freePort } from '../support/app-process';
import { profileBody, uniquePublicId } from '../support/factories';
import { declaredMetricOf, declaredMetrics, metricNamesIn } from '../support/promql';

jest.setTimeout(90_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed JSON and YAML

const ROOT = path.join(__dirname, '..', '..');
const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');
const SCRAPE_COUNTED = /^scout_queue_jobs_finished_total\{queue="scrape",outcome="succeeded"/m;
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

const dashboard = JSON.parse(read('docs/grafana/scout.json')) as Json;
const panels = (dashboard.panels as Json[]).filter((p) => p.type !== 'row');
const queries = panels.flatMap((panel) =>
  (panel.targets as Json[]).map((target) => ({
    panel: panel.title as string,
    expr: target.expr as string,
  })),
);

describe('metricNamesIn', () => {
  it('finds metric names, not functions, labels, keywords, ranges or numbers', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.99, sum by (route, le) (rate(http_request_duration_seconds_bucket{job=~"$api_job", route!="x{y}"}[$__rate_interval])))',
      ),
    ).toEqual(['http_request_duration_seconds_bucket']);
    expect(
      metricNamesIn(
        'scout_mongodb_pool_connections_in_use / on (instance) group_left () scout_mongodb_pool_max_size > bool 0.5 offset 5m',
      ),
    ).toEqual(['scout_mongodb_pool_connections_in_use', 'scout_mongodb_pool_max_size']);
    expect(metricNamesIn('1e3 * max(up) or vector(0)')).toEqual(['up']);
  });
});

describe('declaredMetricOf', () => {
  const declared = new Map([
    ['h_seconds', 'histogram'],
    ['g_count', 'gauge'],
    ['g', 'gauge'],
  ]);
  it('maps histogram series to their histogram, and nothing else', () => {
    expect(declaredMetricOf('h_seconds_bucket', declared)).toBe('h_seconds');
    expect(declaredMetricOf('h_seconds_count', declared)).toBe('h_seconds');
    expect(declaredMetricOf('g_count', declared)).toBe('g_count');
    expect(declaredMetricOf('g_bucket', declared)).toBeUndefined();
    expect(declaredMetricOf('h_seconds_total', declared)).toBeUndefined();
  });
});

describe('Grafana dashboard docs/grafana/scout.json', () => {
  it('is a dashboard model whose every query uses the datasource variable', () => {
    expect(dashboard).toMatchObject({ uid: 'scout-overview', title: 'Scout' });
    expect(typeof dashboard.schemaVersion).toBe('number');
    const variables = dashboard.templating.list as Json[];
    expect(variables.find((v) => v.name === 'datasource')).toMatchObject({
      type: 'datasource',
      query: 'prometheus',
    });
    const ids = (dashboard.panels as Json[]).map((p) => p.id as number);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of panels) {
      expect(panel.datasource).toEqual(DATASOURCE);
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
      expect((panel.targets as Json[]).length).toBeGreaterThan(0);
      for (const target of panel.targets as Json[]) expect(target.datasource).toEqual(DATASOURCE);
    }
    const titles = panels.map((p) => p.title as string);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Request rate by route',
        'Error rate',
        'Latency percentiles',
        'Cache hit ratio by level and namespace',
        'Queue depth',
        'Job outcomes',
        'Breaker state per host',
      ]),
    );
  });

  it('is what the compose profile provisions, scraping the jobs its variables name', () => {
    const compose = parse(read('docker-compose.yml')) as Json;
    const prometheus = parse(read('deploy/prometheus/prometheus.yml')) as Json;
    const provider = (parse(read('deploy/grafana/provisioning/dashboards/scout.yml')) as Json)
      .providers[0];
    const datasource = (
      parse(read('deploy/grafana/provisioning/datasources/prometheus.yml')) as Json
    ).datasources[0];

    for (const service of ['prometheus', 'grafana']) {
      expect(compose.services[service].profiles).toEqual(['observability']);
    }
    expect(compose.services.grafana.volumes).toContain(
      `./docs/grafana:${provider.options.path}:ro`,
    );
    expect(datasource).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090' });

    const jobs = Object.fromEntries(
      (prometheus.scrape_configs as Json[]).map((job) => [
        job.job_name as string,
        job.static_configs[0].targets as string[],
      ]),
    );
    expect(jobs).toEqual({ 'scout-api': ['api:9464'], 'scout-worker': ['worker:3001'] });
    const variables = dashboard.templating.list as Json[];
    expect(variables.find((v) => v.name === 'api_job')?.current.value).toBe('scout-api');
    expect(variables.find((v) => v.name === 'worker_job')?.current.value).toBe('scout-worker');
  });
});

describe('every metric the dashboard queries is exported', () => {
  let site: FakeSite;
  let api: ApiHarness;
  let worker: Awaited<ReturnType<typeof startWorkerHarness>>;
  let apiMetrics: string;
  let workerMetrics: string;

  beforeAll(async () => {
    site = await startFakeSite();
    const port = await freePort();
    api = await startApiHarness({
      SCRAPER_BASE_URL: site.url,
      METRICS_PORT: String(port),
      METRICS_HOST: '127.0.0.1',
    });
    worker = await startWorkerHarness(api.env);

    // One request and one scrape, so lazily created series exist too.
    const created = await api.app.inject({
      method: 'POST',
      url: '/v1/profiles',
      payload: profileBody(),
    });
    expect(created.statusCode).toBe(201);
    const read = await api.app.inject({
      method: 'GET',
      url: `/v1/profiles/${created.json<Json>().id}`,
    });
    expect(read.statusCode).toBe(200);
    const job = await api.app.inject({
      method: 'POST',
      url: '/v1/scrape-jobs',
      payload: { profile: uniquePublicId('dash') },
    });
    expect(job.statusCode).toBe(202);
    const id = job.json<Json>().id as string;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const status = (
        await api.app.inject({ method: 'GET', url: `/v1/scrape-jobs/${id}` })
      ).json<Json>().status as string;
      if (status === 'succeeded') break;
      if (Date.now() > deadline) throw new Error(`scrape job ${id} is still ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    apiMetrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    // The worker counts a run just after it lands the record: wait for the count to show.
    for (;;) {
      const response = await worker.app.inject({ method: 'GET', url: '/metrics' });
      expect(response.statusCode).toBe(200);
      workerMetrics = response.body;
      if (SCRAPE_COUNTED.test(workerMetrics)) break;
      if (Date.now() > deadline) throw new Error('the worker never counted the scrape job');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await site?.close();
  });

  it('declared by the process each query selects (api, worker, or either)', () => {
    const api = declaredMetrics(apiMetrics);
    const worker = declaredMetrics(workerMetrics);
    const either = new Map([...api, ...worker]);
    const missing: string[] = [];
    let checked = 0;
    for (const { panel, expr } of queries) {
      const scope = expr.includes('$api_job')
        ? api
        : expr.includes('$worker_job')
          ? worker
          : either;
      const names = metricNamesIn(expr);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        checked++;
        if (!declaredMetricOf(name, scope)) missing.push(`${panel}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(queries.length);
  });

  it('with samples for the series the exercised request and scrape create', () => {
    const sampled = new Set(
      `${apiMetrics}\n${workerMetrics}`
        .split('\n')
        .filter((line) => line && !line.startsWith('#'))
        .map((line) => /^[^\s{]+/.exec(line)?.[0]),
    );
    for (const name of [
      'http_request_duration_seconds_bucket',
      'http_request_duration_seconds_count',
      'scout_cache_events_total',
      'scout_queue_jobs',
      'scout_queue_jobs_finished_total',
      'scout_queue_job_duration_seconds_bucket',
      'scout_scraper_requests_total',
      'scout_scraper_breaker_state',
    ]) {
      expect(queries.some((q) => metricNamesIn(q.expr).includes(name))).toBe(true);
      expect(sampled.has(name)).toBe(true);
    }
  });
});
