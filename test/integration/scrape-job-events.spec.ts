import { getConnectionToken } from '@nestjs/mongoose';
import { type Connection, Types } from 'mongoose';
import { EventLog } from '@scout/events';
import { type FakeSite, startFakeSite } from '../fixtures/fake-site';
import { type ApiHarness, startApiHarness, startWorkerHarness } from '../support/api-harness';
import { uniquePublicId } from '../support/factories';
import { waitFor } from '../support/wait';

jest.setTimeout(120_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- documents and response bodies
type Worker = Awaited<ReturnType<typeof startWorkerHarness>>;

const GRACE_MS = 60_000;

describe('scrape job change events', () => {
  let site: FakeSite;
  let api: ApiHarness;
  let worker: Worker;
  let connection: Connection;

  beforeAll(async () => {
    site = await startFakeSite();
    api = await startApiHarness({
      SCRAPER_BASE_URL: site.url,
      QUEUE_JOB_ATTEMPTS: '2',
      SCRAPER_MAX_ATTEMPTS: '1',
      SCRAPER_BREAKER_THRESHOLD: '1000',
      EVENTS_RECONCILE_AFTER_MS: String(GRACE_MS),
    });
    worker = await startWorkerHarness(api.env);
    connection = api.app.get<Connection>(getConnectionToken());
  });

  afterAll(async () => {
    await worker.close();
    await api.close();
    await site.close();
  });

  afterEach(() => site.clearFaults());

  const events = () => connection.collection<Json>('events');
  const jobEvents = (id: string) =>
    events()
      .find({ 'subject.kind': 'scrape_job', 'subject.id': id })
      .sort({ sequence: 1 })
      .toArray();

  const create = async (profile: string): Promise<string> =>
    (
      await api.app.inject({ method: 'POST', url: '/v1/scrape-jobs', payload: { profile } })
    ).json<Json>().id as string;

  const settled = (id: string): Promise<Json> =>
    waitFor(
      async () => {
        const job = (
          await api.app.inject({ method: 'GET', url: `/v1/scrape-jobs/${id}` })
        ).json<Json>();
        return ['succeeded', 'failed', 'dead'].includes(job.status) ? job : undefined;
      },
      60_000,
      `job ${id} to finish`,
    );

  /** The event matches the transition it records: same step, status and instant. */
  function expectAtTransition(event: Json, job: Json): void {
    const transition = job.transitions[event.sequence - 1];
    expect(transition.status).toBe(event.data.status);
    expect(new Date(transition.at as string).getTime()).toBe((event.occurredAt as Date).getTime());
  }

  it('a job that succeeds records scrape_job.succeeded, and its profile records the job as actor', async () => {
    const publicId = uniquePublicId('evjob');
    const id = await create(publicId);
    const job = await settled(id);
    expect(job.status).toBe('succeeded');

    const [event, ...others] = await jobEvents(id);
    expect(others).toEqual([]);
    expect(event).toMatchObject({
      type: 'scrape_job.succeeded',
      state: 'committed',
      actor: `scrape-job:${id}`,
      sequence: job.transitions.length,
      data: {
        publicId,
        status: 'succeeded',
        attempts: 1,
        requestedBy: expect.stringMatching(/^api-key:/),
        result: { profileId: job.result.profileId, changed: true },
      },
    });
    expectAtTransition(event, job);

    const history = (
      await api.app.inject({ method: 'GET', url: `/v1/profiles/${publicId}/history` })
    ).json<Json>();
    expect(history.data).toEqual([
      expect.objectContaining({ version: 1, type: 'profile.created', actor: `scrape-job:${id}` }),
    ]);
  });

  it('a final failure records scrape_job.failed; a dead job scrape_job.dead, then succeeded after a retry', async () => {
    const gone = uniquePublicId('evgone');
    site.setFault(gone, { status: 404 });
    const failedId = await create(gone);
    const failed = await settled(failedId);
    const [failedEvent] = await jobEvents(failedId);
    expect(failedEvent).toMatchObject({
      type: 'scrape_job.failed',
      state: 'committed',
      data: { status: 'failed', error: { code: 'NOT_FOUND', retryable: false } },
    });
    expectAtTransition(failedEvent, failed);

    const flaky = uniquePublicId('evflaky');
    site.setFault(flaky, { status: 503 });
    const deadId = await create(flaky);
    const dead = await settled(deadId);
    expect(dead.status).toBe('dead');
    site.clearFaults();
    const retried = await api.app.inject({
      method: 'POST',
      url: `/v1/scrape-jobs/${deadId}/retry`,
    });
    expect(retried.statusCode).toBe(202);
    const done = await waitFor(
      async () => {
        const job = (
          await api.app.inject({ method: 'GET', url: `/v1/scrape-jobs/${deadId}` })
        ).json<Json>();
        return job.status === 'succeeded' ? job : undefined;
      },
      60_000,
      'the retried job to succeed',
    );

    const recorded = await jobEvents(deadId);
    expect(recorded.map((e) => [e.type, e.state])).toEqual([
      ['scrape_job.dead', 'committed'],
      ['scrape_job.succeeded', 'committed'],
    ]);
    expect(recorded[0].data).toMatchObject({
      deadReason: 'attempts-exhausted',
      error: { code: 'TRANSIENT', retryable: true },
    });
    expect(recorded[1].sequence).toBeGreaterThan(recorded[0].sequence);
    for (const event of recorded) expectAtTransition(event, done);
  });

  it('the reconciler commits a job event whose transition landed and removes one whose did not', async () => {
    const gone = uniquePublicId('evpend');
    site.setFault(gone, { status: 404 });
    const id = await create(gone);
    const job = await settled(id);
    const [committed] = await jobEvents(id);
    // As if the worker died between the transition and the commit (so never dispatched either:
    // webhook delivery reads committed events only).
    await events().updateOne(
      { _id: committed._id },
      { $set: { state: 'pending' }, $unset: { dispatchedAt: '' } },
    );
    // As if a transition was staged and never written.
    const orphan = {
      ...committed,
      dispatchedAt: undefined,
      _id: new Types.ObjectId(),
      eventId: `orphan-${id}`,
      sequence: committed.sequence + 1,
      type: 'scrape_job.succeeded',
      data: { ...committed.data, status: 'succeeded' },
      state: 'pending',
    };
    await events().insertOne(orphan);

    await api.app.get(EventLog).reconcile(new Date(Date.now() + GRACE_MS + 1_000));
    const after = await jobEvents(id);
    expect(after.map((e) => [e.type, e.state])).toEqual([['scrape_job.failed', 'committed']]);
    expectAtTransition(after[0], job);
  });
});
