import { join } from 'node:path';
import { type FakeSite, startFakeSite } from '../fixtures/fake-site';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { type AppProcess, freePort, startApp } from '../support/app-process';
import { uniquePublicId } from '../support/factories';
import { REPO_ROOT } from '../support/test-env';
import { waitFor } from '../support/wait';

jest.setTimeout(180_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

const WORKER_ENTRY = join(REPO_ROOT, 'apps/worker/src/main.ts');

async function startWorkerProcess(env: Record<string, string>): Promise<AppProcess> {
  const port = String(await freePort());
  const worker = await startApp({ ...env, WORKER_PORT: port, PORT: port }, WORKER_ENTRY);
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return worker;
    if (worker.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `worker did not start:\n${[...worker.stdout, ...worker.stderr].slice(-20).join('\n')}`,
  );
}

describe('scraping with worker processes', () => {
  let site: FakeSite;
  let api: ApiHarness;

  beforeEach(async () => {
    site = await startFakeSite();
  });

  afterEach(async () => {
    await api?.close();
    await site.close();
  });

  async function job(id: string): Promise<Json> {
    return (await api.app.inject({ method: 'GET', url: `/v1/scrape-jobs/${id}` })).json<Json>();
  }

  it('site failing: the shared breaker stops both workers calling it; after recovery every job succeeds once', async () => {
    api = await startApiHarness({
      SCRAPER_BASE_URL: site.url,
      SCRAPER_BREAKER_THRESHOLD: '3',
      SCRAPER_BREAKER_HALF_OPEN_AFTER_MS: '4000',
      LOG_LEVEL: 'error',
    });
    const workers = [await startWorkerProcess(api.env), await startWorkerProcess(api.env)];
    try {
      site.setFault('*', { status: 503 });
      const targets = Array.from({ length: 8 }, () => uniquePublicId('outage'));
      const batch = await api.app.inject({
        method: 'POST',
        url: '/v1/scrape-jobs/batch',
        payload: { profiles: targets },
      });
      const ids: string[] = batch.json<Json>().results.map((r: Json) => r.job.id);

      // The breaker opens after 3 consecutive failures; from then on the count must hold still.
      await waitFor(
        async () => (site.requests() >= 3 ? true : undefined),
        15_000,
        'the first failures',
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      const whileOpen = site.requests();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(site.requests()).toBe(whileOpen);
      // At most the threshold plus what was already in flight (2 workers × concurrency 4).
      expect(whileOpen).toBeLessThanOrEqual(3 + 2 * 4);

      site.clearFaults();
      const finished = await waitFor(
        async () => {
          const all = await Promise.all(ids.map(job));
          return all.every((j) => j.status === 'succeeded') ? all : undefined;
        },
        // Generous: deferred jobs wait out the breaker, then queue backoff; slow on a loaded machine.
        120_000,
        'every job to succeed',
      );
      expect(finished).toHaveLength(8);
      for (const publicId of targets) {
        const page = (
          await api.app.inject({ method: 'GET', url: `/v1/profiles/${publicId}` })
        ).json<Json>();
        expect(page.publicId).toBe(publicId);
      }
      const succeededRequests = targets.map((t) => site.requests(t));
      expect(succeededRequests.every((n) => n >= 1)).toBe(true);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
  });

  it('SIGKILL of a worker mid-job: another worker recovers the job; the profile exists once', async () => {
    api = await startApiHarness({ SCRAPER_BASE_URL: site.url, LOG_LEVEL: 'error' });
    const publicId = uniquePublicId('survivor');
    site.setFault(publicId, { latencyMs: 2_500 });
    const first = await startWorkerProcess(api.env);
    let second: AppProcess | undefined;
    try {
      const created = (
        await api.app.inject({
          method: 'POST',
          url: '/v1/scrape-jobs',
          payload: { profile: publicId },
        })
      ).json<Json>();
      await waitFor(
        async () => ((await job(created.id)).status === 'running' ? true : undefined),
        10_000,
        'running',
      );
      first.child.kill('SIGKILL');
      await first.exited;
      second = await startWorkerProcess(api.env);
      const done = await waitFor(
        async () => {
          const current = await job(created.id);
          return current.status === 'succeeded' ? current : undefined;
        },
        30_000,
        'recovery',
      );
      expect(
        done.transitions.filter((t: Json) => t.status === 'running').length,
      ).toBeGreaterThanOrEqual(2);
      const list = (
        await api.app.inject({
          method: 'GET',
          url: `/v1/profiles?q=${encodeURIComponent(done.target.publicId)}`,
        })
      ).statusCode;
      expect(list).toBe(200);
      const profile = await api.app.inject({ method: 'GET', url: `/v1/profiles/${publicId}` });
      expect(profile.statusCode).toBe(200);
    } finally {
      await first.stop();
      await second?.stop();
    }
  });

  it('SIGTERM: the running job finishes, then the worker exits 0', async () => {
    api = await startApiHarness({ SCRAPER_BASE_URL: site.url, LOG_LEVEL: 'error' });
    const publicId = uniquePublicId('graceful');
    site.setFault(publicId, { latencyMs: 1_500 });
    const worker = await startWorkerProcess(api.env);
    try {
      const created = (
        await api.app.inject({
          method: 'POST',
          url: '/v1/scrape-jobs',
          payload: { profile: publicId },
        })
      ).json<Json>();
      await waitFor(
        async () => ((await job(created.id)).status === 'running' ? true : undefined),
        10_000,
        'running',
      );
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
      expect((await job(created.id)).status).toBe('succeeded');
    } finally {
      await worker.stop();
    }
  });
});
