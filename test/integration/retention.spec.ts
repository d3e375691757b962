import { getConnectionToken } from '@nestjs/mongoose';
import { type Connection, Types } from 'mongoose';
import { MetricsRegistry } from '@scout/observability';
import { RetentionService } from '@scout/privacy';
import { type ApiHarness, startApiHarness, startWorkerHarness } from '../support/api-harness';
import { until } from '../support/wait';

jest.setTimeout(120_000);

const HOUR_MS = 3_600_000;
const OLD_JOBS = 1_200;

describe('retention', () => {
  let api: ApiHarness;
  let connection: Connection;

  beforeAll(async () => {
    api = await startApiHarness({
      IDEMPOTENCY_TTL_MS: '60000',
      RETENTION_SCRAPE_JOBS_MS: String(HOUR_MS),
      RETENTION_IDEMPOTENCY_MS: String(HOUR_MS),
      RETENTION_HISTORY_MS: String(HOUR_MS),
      RETENTION_ERASURE_RECEIPTS_MS: String(HOUR_MS),
      RETENTION_BATCH_SIZE: '100',
      RETENTION_MAX_BATCHES: '5',
      SCRAPE_SCHEDULER_EVERY_MS: '300',
      WORKER_QUEUES: 'maintenance',
    });
    connection = api.app.get<Connection>(getConnectionToken());
  });

  afterAll(async () => {
    await api.close();
  });

  const collection = (name: string) => connection.collection(name);
  const ago = (ms: number) => new Date(Date.now() - ms);

  /** Documents past and within every store's age, and what must stay whatever its age. */
  async function seed(): Promise<void> {
    const old = ago(2 * HOUR_MS);
    const recent = ago(60_000);
    const job = (status: string, createdAt: Date) => {
      const _id = new Types.ObjectId();
      return {
        _id,
        target: { publicId: 'retained-person', url: 'http://127.0.0.1:9/in/retained-person' },
        activeKey: String(_id),
        status,
        priority: 'normal',
        attempts: 1,
        transitions: [],
        createdAt,
        updatedAt: createdAt,
      };
    };
    await collection('scrape_jobs').insertMany([
      ...Array.from({ length: OLD_JOBS }, (_, i) =>
        job(['succeeded', 'failed', 'dead', 'cancelled'][i % 4], old),
      ),
      ...Array.from({ length: 3 }, () => job('succeeded', recent)),
      // Active jobs stay whatever their age.
      { ...job('queued', old), activeKey: 'retained-queued' },
    ]);
    const records = (createdAt: Date, n: number, tag: string) =>
      Array.from({ length: n }, (_, i) => ({
        key: `${tag}-${i}`,
        fingerprint: 'f',
        scrapeJobId: 'j',
        createdAt,
      }));
    await collection('idempotency_records').insertMany([
      ...records(old, 3, 'old'),
      ...records(recent, 2, 'new'),
    ]);
    const answers = (createdAt: Date, n: number, tag: string) =>
      Array.from({ length: n }, (_, i) => ({
        _id: `${tag}-${i}`,
        fingerprint: 'f',
        state: 'done',
        claimedAt: createdAt,
        expiresAt: new Date(createdAt.getTime() + 60_000),
        createdAt,
      }));
    await connection
      .collection<{ _id: string }>('idempotent_requests')
      .insertMany([...answers(old, 3, 'old'), ...answers(recent, 2, 'new')]);
    let sequence = 0;
    const event = (fields: Record<string, unknown>) => ({
      eventId: new Types.ObjectId().toHexString(),
      type: 'profile.updated',
      subject: { kind: 'profile', id: '6650f1c2a1b2c3d4e5f6071a' },
      sequence: ++sequence,
      actor: 'scheduler',
      data: {},
      ...fields,
    });
    await collection('events').insertMany([
      event({ occurredAt: old, state: 'committed', dispatchedAt: old }),
      event({ occurredAt: old, state: 'committed', dispatchedAt: old }),
      event({ occurredAt: old, state: 'discarded' }),
      // Owed to webhooks: never swept.
      event({ occurredAt: old, state: 'committed' }),
      event({ occurredAt: recent, state: 'committed', dispatchedAt: recent }),
      // Not history (a scrape job's event).
      event({
        occurredAt: old,
        state: 'committed',
        dispatchedAt: old,
        subject: { kind: 'scrape_job', id: '6650f1c2a1b2c3d4e5f6071b' },
      }),
    ]);
    const receipt = (state: string, completedAt?: Date) => ({
      state,
      createdAt: completedAt ?? recent,
      requestedBy: 'system',
      subjectHash: 'h',
      eventId: new Types.ObjectId().toHexString(),
      suppressions: [],
      done: [],
      removed: {},
      ...(completedAt ? { completedAt } : {}),
    });
    await collection('erasure_requests').insertMany([
      receipt('completed', old),
      receipt('completed', old),
      receipt('completed', recent),
      // Resumed by the same run (a person nobody holds anything about), then recent.
      {
        ...receipt('pending'),
        subject: { publicId: 'retained-nobody', urls: [], scrapeJobIds: [] },
      },
    ]);
  }

  it('the maintenance queue removes what is past its age, in bounded batches, and counts it', async () => {
    await seed();
    // One sweep removes at most batch size × batches per store.
    expect(await api.app.get(RetentionService).sweep()).toEqual({
      scrape_jobs: 500,
      idempotency: 6,
      history: 3,
      erasure_receipts: 2,
    });

    const worker = await startWorkerHarness(api.env);
    try {
      // A sweep counts what it removed once every store is done, a moment after the last
      // delete: wait for the count as well as for the collection.
      const removedByWorker = async (): Promise<Record<string, number>> => {
        const metric = await worker.app
          .get(MetricsRegistry)
          .getSingleMetric('scout_retention_removed_total')
          ?.get();
        return Object.fromEntries(
          (metric?.values ?? []).map((sample) => [sample.labels.store, sample.value]),
        );
      };
      await until(
        async () =>
          (await collection('scrape_jobs').countDocuments({})) === 4 &&
          (await removedByWorker()).scrape_jobs === OLD_JOBS - 500,
        'the maintenance queue to sweep the remaining old jobs and count them',
      );
      const removed = await removedByWorker();
      expect(removed.scrape_jobs).toBe(OLD_JOBS - 500);
    } finally {
      await worker.close();
    }
    expect(
      await collection('scrape_jobs')
        .find({}, { projection: { status: 1 } })
        .toArray(),
    ).toEqual(expect.arrayContaining([expect.objectContaining({ status: 'queued' })]));
    expect(await collection('idempotency_records').countDocuments({})).toBe(2);
    expect(await collection('idempotent_requests').countDocuments({})).toBe(2);
    const events = await collection('events').find({}).toArray();
    expect(
      events.map((e) => [e.subject.kind, e.state, e.dispatchedAt !== undefined]).sort(),
    ).toEqual([
      ['profile', 'committed', false],
      ['profile', 'committed', true],
      ['scrape_job', 'committed', true],
    ]);
    expect(await collection('erasure_requests').countDocuments({})).toBe(2);
  });
});
