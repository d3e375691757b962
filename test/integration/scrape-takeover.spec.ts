import { getConnectionToken } from '@nestjs/mongoose';
import { type Connection, Types } from 'mongoose';
import { CompanyReferenceLeases } from '@scout/profiles';
import { ScrapeRunner } from '../../apps/worker/src/scrape/scrape.runner';
import { type FakeSite, startFakeSite } from '../fixtures/fake-site';
import { generateProfile } from '../fixtures/fake-site/data';
import { type ApiHarness, startApiHarness, startWorkerHarness } from '../support/api-harness';
import { uniquePublicId } from '../support/factories';
import { waitFor } from '../support/wait';

jest.setTimeout(120_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- documents and response bodies

/** How long the site takes to answer for the raced target: the second run claims meanwhile. */
const SLOW_PAGE_MS = 3_000;

describe('runs that meet another writer', () => {
  let site: FakeSite;
  let api: ApiHarness;
  let worker: Awaited<ReturnType<typeof startWorkerHarness>>;
  let connection: Connection;

  beforeAll(async () => {
    site = await startFakeSite();
    // A lease far longer than the test, so it lapses only when the test says so (no renewal
    // comes before): the first run stands for a worker whose renewals stopped reaching MongoDB.
    api = await startApiHarness({
      SCRAPER_BASE_URL: site.url,
      QUEUE_LOCK_DURATION_MS: '60000',
      SCRAPER_MAX_ATTEMPTS: '1',
    });
    // The runner lives in the worker; this one consumes no queue, so only the test runs jobs.
    worker = await startWorkerHarness({ ...api.env, WORKER_QUEUES: 'maintenance' });
    connection = api.app.get<Connection>(getConnectionToken());
  });

  afterAll(async () => {
    await worker.close();
    await api.close();
    await site.close();
  });

  const getJob = async (id: string): Promise<Json> =>
    (await api.app.inject({ method: 'GET', url: `/v1/scrape-jobs/${id}` })).json<Json>();

  /** Accepts a scrape job through the api; the payload the queue would hand the runner. */
  const requestJob = async (publicId: string) => {
    const created = await api.app.inject({
      method: 'POST',
      url: '/v1/scrape-jobs',
      payload: { profile: publicId },
    });
    expect(created.statusCode).toBe(202);
    const job = created.json<Json>();
    return { scrapeJobId: job.id as string, publicId, url: job.target.url as string };
  };

  it('records nothing when it ends: the run that took over records the one outcome and event', async () => {
    const publicId = uniquePublicId('takeover');
    site.setFault(publicId, { latencyMs: SLOW_PAGE_MS });
    const payload = await requestJob(publicId);
    const runner = worker.app.get(ScrapeRunner);

    const first = runner.run(payload, { number: 1, isLast: false });
    await waitFor(
      async () => ((await getJob(payload.scrapeJobId)).status === 'running' ? true : undefined),
      30_000,
      'the first run to claim the job',
    );
    // The first run's lease lapses while its page is still loading.
    await connection
      .collection('scrape_jobs')
      .updateOne(
        { _id: new Types.ObjectId(payload.scrapeJobId) },
        { $set: { leaseUntil: new Date(Date.now() - 1_000) } },
      );
    const second = runner.run(payload, { number: 2, isLast: false });

    const [firstOutcome, secondOutcome] = await Promise.all([first, second]);
    expect(firstOutcome).toEqual({ kind: 'skipped', reason: 'another run took the job over' });
    expect(secondOutcome).toMatchObject({ kind: 'succeeded' });

    const finished = await getJob(payload.scrapeJobId);
    expect(finished.status).toBe('succeeded');
    expect(finished.attempts).toBe(2);
    expect(finished.transitions.map((t: Json) => t.status)).toEqual([
      'queued',
      'running',
      'running',
      'succeeded',
    ]);
    const events = await connection
      .collection<Json>('events')
      .find({ 'subject.kind': 'scrape_job', 'subject.id': payload.scrapeJobId })
      .toArray();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'scrape_job.succeeded',
      sequence: 4,
      state: 'committed',
    });
    // Both runs fetched the page; it landed as one profile.
    expect(site.requests(publicId)).toBe(2);
    const profile = await api.app.inject({ method: 'GET', url: `/v1/profiles/${publicId}` });
    expect(profile.statusCode).toBe(200);
  });

  it('waits for its next attempt when a company of its page is being deleted as the page lands', async () => {
    const publicId = uniquePublicId('leased');
    const company = generateProfile(publicId).positions[0].company.slug;
    const payload = await requestJob(publicId);
    const runner = worker.app.get(ScrapeRunner);
    const leases = worker.app.get(CompanyReferenceLeases);

    // A delete of the page's company is being decided while the first attempt lands.
    const during = await leases.whileDeleting(
      { id: new Types.ObjectId().toHexString(), publicId: company },
      () => runner.run(payload, { number: 1, isLast: false }),
    );
    expect(during).toMatchObject({ kind: 'failed', final: false, code: 'UNKNOWN_COMPANY' });
    expect((await getJob(payload.scrapeJobId)).status).toBe('queued');

    const after = await runner.run(payload, { number: 2, isLast: false });
    expect(after).toMatchObject({ kind: 'succeeded', changed: true });
    const profile = await api.app.inject({ method: 'GET', url: `/v1/profiles/${publicId}` });
    expect(profile.statusCode).toBe(200);
    const companyRead = await api.app.inject({ method: 'GET', url: `/v1/companies/${company}` });
    expect(companyRead.statusCode).toBe(200);
  });
});
