import { once } from 'node:events';
import { join } from 'node:path';
import { type FakeSite, startFakeSite } from '../fixtures/fake-site';
import { type ApiHarness, startApiHarness, startWorkerHarness } from '../support/api-harness';
import { startApp } from '../support/app-process';
import { uniquePublicId } from '../support/factories';
import { REPO_ROOT } from '../support/test-env';
import { waitFor } from '../support/wait';

jest.setTimeout(120_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

const CLI_ENTRY = join(REPO_ROOT, 'apps/api/src/cli.ts');

/**
 * `npm run cli -- scrape-jobs replay` as operators run it (a real process, compiled on the fly),
 * against the same MongoDB and Redis as an in-process api and worker, which then run the jobs.
 */
describe('scrape-jobs replay CLI', () => {
  let site: FakeSite;
  let api: ApiHarness;

  beforeAll(async () => {
    site = await startFakeSite();
    api = await startApiHarness({
      SCRAPER_BASE_URL: site.url,
      QUEUE_JOB_ATTEMPTS: '1',
      SCRAPER_MAX_ATTEMPTS: '1',
      SCRAPER_BREAKER_THRESHOLD: '1000',
    });
  });

  afterAll(async () => {
    await api.close();
    await site.close();
  });

  async function cli(...args: string[]): Promise<{ code: number | null; stdout: string }> {
    const proc = await startApp(api.env, CLI_ENTRY, undefined, args);
    const [code] = await Promise.all([proc.exited, once(proc.child, 'close')]);
    return { code, stdout: proc.stdout.join('\n') };
  }

  const getJob = async (id: string): Promise<Json> =>
    (await api.app.inject({ method: 'GET', url: `/v1/scrape-jobs/${id}` })).json<Json>();

  const reaches = (id: string, status: string) =>
    waitFor(
      async () => ((await getJob(id)).status === status ? true : undefined),
      30_000,
      `job ${id} to be ${status}`,
    );

  it('queues the dead jobs matching the filter again; a worker runs them', async () => {
    const worker = await startWorkerHarness(api.env);
    try {
      const targets = [uniquePublicId('cli'), uniquePublicId('cli')];
      for (const t of targets) site.setFault(t, { status: 503 });
      const ids: string[] = [];
      for (const profile of targets) {
        const created = await api.app.inject({
          method: 'POST',
          url: '/v1/scrape-jobs',
          payload: { profile },
        });
        ids.push(created.json<Json>().id as string);
      }
      for (const id of ids) await reaches(id, 'dead');
      site.clearFaults();

      const none = await cli('scrape-jobs', 'replay', '--code', 'HOST_UNAVAILABLE', '--json');
      expect(none.code).toBe(0);
      expect(JSON.parse(none.stdout)).toEqual({ matched: 0, replayed: [], skipped: [] });

      const run = await cli('scrape-jobs', 'replay', '--code', 'TRANSIENT', '--json');
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout) as Json;
      expect(result.replayed).toEqual(expect.arrayContaining(ids));
      expect(result.skipped).toEqual([]);
      for (const id of ids) await reaches(id, 'succeeded');
      expect(targets.map((t) => site.requests(t))).toEqual([2, 2]);
    } finally {
      await worker.close();
    }
  });

  it('refuses a bad filter with exit code 2 before connecting', async () => {
    const run = await cli('scrape-jobs', 'replay', '--status', 'running');
    expect(run.code).toBe(2);
  });
});
