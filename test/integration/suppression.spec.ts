import { SuppressionService } from '@scout/privacy';
import { ScrapeJobsService } from '@scout/scraping';
import { type FakeSite, startFakeSite } from '../fixtures/fake-site';
import { type ApiHarness, startApiHarness, startWorkerHarness } from '../support/api-harness';
import { uniquePublicId } from '../support/factories';
import { until } from '../support/wait';

jest.setTimeout(90_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

describe('suppressed people and scraping', () => {
  let site: FakeSite;
  let api: ApiHarness;

  beforeAll(async () => {
    site = await startFakeSite();
    api = await startApiHarness({
      SCRAPER_BASE_URL: site.url,
      SCRAPE_STALE_AFTER_MS: '1',
      WORKER_QUEUES: 'scrape',
    });
  });

  afterAll(async () => {
    await api.close();
    await site.close();
  });

  afterEach(() => site.clearFaults());

  const inject = (method: 'GET' | 'POST', url: string, payload?: object) =>
    api.app.inject({ method, url, payload });

  async function finished(jobId: string): Promise<Json> {
    let job: Json = {};
    await until(async () => {
      job = (await inject('GET', `/v1/scrape-jobs/${jobId}`)).json<Json>();
      return ['succeeded', 'failed', 'dead', 'cancelled'].includes(job.status);
    }, `scrape job ${jobId} to finish`);
    return job;
  }

  async function scrape(publicId: string): Promise<string> {
    const response = await inject('POST', '/v1/scrape-jobs', { profile: publicId });
    expect(response.statusCode).toBe(202);
    return response.json<Json>().id as string;
  }

  it('never requests a suppressed person, whether a page links or redirects to them', async () => {
    const erased = uniquePublicId('erased');
    // Erasing a publicId Scout holds nothing about still puts it on the list.
    const receipt = (
      await inject('POST', '/v1/erasure-requests', { profile: erased })
    ).json<Json>();
    expect(receipt).toMatchObject({ state: 'completed', removed: { profiles: 0 } });
    const linking = uniquePublicId('linking');
    const redirecting = uniquePublicId('redirecting');
    site.linkTo(linking, [erased]);
    site.setFault(redirecting, { redirectTo: `/in/${erased}` });

    const worker = await startWorkerHarness(api.env);
    try {
      const page = await fetch(`${site.url}/in/${linking}`).then((r) => r.text());
      expect(page).toContain(`href="/in/${erased}"`);
      site.resetCounts();
      expect((await finished(await scrape(linking))).status).toBe('succeeded');
      const redirected = await finished(await scrape(redirecting));
      expect(redirected).toMatchObject({ status: 'failed', error: { code: 'INVALID_TARGET' } });
    } finally {
      await worker.close();
    }
    expect(site.requests(redirecting)).toBe(1);
    expect(site.requests(erased)).toBe(0);
    expect((await inject('GET', `/v1/profiles/${erased}`)).statusCode).toBe(404);
  });

  it('cancels a queued scrape whose person was suppressed since, without fetching the page', async () => {
    const publicId = uniquePublicId('late');
    const jobId = await scrape(publicId);
    await api.app.get(SuppressionService).suppress(publicId, [], 'suppressed-by-test');
    const worker = await startWorkerHarness(api.env);
    try {
      const job = await finished(jobId);
      expect(job.status).toBe('cancelled');
      expect(job.transitions.at(-1).note).toBe('cancelled: the person is suppressed');
    } finally {
      await worker.close();
    }
    expect(site.requests(publicId)).toBe(0);
    expect((await inject('GET', `/v1/profiles/${publicId}`)).statusCode).toBe(404);
  });

  it('keeps suppressed people out of the re-scrape scheduler', async () => {
    const kept = uniquePublicId('stale');
    const suppressed = uniquePublicId('stale');
    const worker = await startWorkerHarness(api.env);
    try {
      for (const publicId of [kept, suppressed]) {
        expect((await finished(await scrape(publicId))).status).toBe('succeeded');
      }
    } finally {
      await worker.close();
    }
    await api.app.get(SuppressionService).suppress(suppressed, [], 'suppressed-by-test');
    await api.app.get(ScrapeJobsService).runMaintenance();
    const queued = (await inject('GET', '/v1/scrape-jobs?status=queued')).json<Json>().data;
    const targets = queued.map((job: Json) => job.target.publicId);
    expect(targets).toContain(kept);
    expect(targets).not.toContain(suppressed);
  });
});
