import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { BulkWriter, isDuplicateKeyError, ServerCapabilities } from '@scout/database';
import { ProfileBatch, type ProfileInput } from '@scout/profiles';
import { ScrapeJobsService } from '@scout/scraping';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { profileBody, uniquePublicId } from '../support/factories';

jest.setTimeout(600_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

/** Fails with a clear message instead of hanging when the database stopped answering. */
async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

describe('batch writes larger than one update command takes', () => {
  let api: ApiHarness;
  let profiles: Json[];
  let connection: Connection;

  beforeAll(async () => {
    // Correctness at size, not speed (that is the bench's): FerretDB on SQLite scans the
    // collection for every update, even by _id, so 1,000 updates take seconds on an idle
    // machine and minutes on a busy one; no request deadline here.
    api = await startApiHarness({ SCRAPE_SCHEDULER_BATCH_SIZE: '150', REQUEST_TIMEOUT_MS: '0' });
    connection = api.app.get<Connection>(getConnectionToken());
  });

  afterAll(async () => {
    await api.close();
  });

  function batch(count: number, prefix: string, headline: string): Json[] {
    return Array.from({ length: count }, (_, i) =>
      profileBody({ publicId: `${prefix}-${i}`, headline: `${headline} ${i}` }),
    );
  }

  async function post(body: Json[]): Promise<Json[]> {
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/profiles/batch',
      payload: { profiles: body },
    });
    expect({
      status: response.statusCode,
      body: response.statusCode === 200 ? '' : response.body,
    }).toEqual({ status: 200, body: '' });
    return response.json<{ results: Json[] }>().results;
  }

  /** A read right after the write: a frozen database would never answer it. */
  async function readBack(publicId: string): Promise<Json> {
    const response = await within(
      10_000,
      'read after the batch',
      api.app.inject({ method: 'GET', url: `/v1/profiles/${publicId}` }),
    );
    expect(response.statusCode).toBe(200);
    return response.json<Json>();
  }

  it('FerretDB takes at most 20 update statements per command; MongoDB any number', async () => {
    const capabilities = await api.app.get(ServerCapabilities).get();
    expect(capabilities.maxUpdatesPerCommand).toBe(
      capabilities.server.startsWith('FerretDB') ? 20 : Number.POSITIVE_INFINITY,
    );
  });

  it('reports the outcome of each operation at its own index across chunks', async () => {
    const probe = connection.collection('bulk_probe');
    await probe.createIndex({ key: 1 }, { unique: true });
    await probe.insertMany(Array.from({ length: 45 }, (_, key) => ({ key, n: 0 })));
    const ops: Array<mongo.AnyBulkWriteOperation> = Array.from({ length: 45 }, (_, key) => ({
      updateOne: { filter: { key }, update: { $set: { n: 1 } } },
    }));
    ops.splice(25, 0, { insertOne: { document: { key: 3 } } });
    ops.push({ insertOne: { document: { key: 100 } } });

    const outcome = await api.app
      .get(BulkWriter)
      .write(ops, (chunk) => probe.bulkWrite(chunk, { ordered: false }));

    expect(outcome).toHaveLength(47);
    expect(outcome.flatMap((error, i) => (error ? [i] : []))).toEqual([25]);
    expect(isDuplicateKeyError(outcome[25])).toBe(true);
    expect(await probe.countDocuments({ n: 1 })).toBe(45);
    expect(await probe.countDocuments({ key: 100 })).toBe(1);
  });

  it.each([300, 1_000])(
    'updates %i changed profiles in one batch, reports each, and reads right after',
    async (count) => {
      const prefix = uniquePublicId(`b${count}`);
      const created = await post(batch(count, prefix, 'Original'));
      expect(created.filter((r) => r.status === 'created')).toHaveLength(count);

      const updated = await post(batch(count, prefix, 'Changed'));
      expect(updated).toHaveLength(count);
      updated.forEach((result, i) => {
        expect(result).toEqual({
          index: i,
          status: 'updated',
          id: created[i].id,
          publicId: `${prefix}-${i}`,
        });
      });

      const last = await readBack(`${prefix}-${count - 1}`);
      expect(last.headline).toBe(`Changed ${count - 1}`);
      expect(last.version).toBe(2);
      const ready = await api.app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      profiles = updated;

      const again = await post(batch(count, prefix, 'Changed'));
      expect(again.every((r) => r.status === 'unchanged')).toBe(true);
    },
  );

  it('refuses an item that breaks a schema rule, writes nothing for it, and the rest', async () => {
    const service = api.app.get(ProfileBatch);
    const prefix = uniquePublicId('rules');
    const valid = (i: number, headline: string): ProfileInput =>
      profileBody({ publicId: `${prefix}-${i}`, headline }) as unknown as ProfileInput;
    await service.batchUpsert(
      [0, 1, 2].map((i) => ({ index: i, input: valid(i, 'First') })),
      'system',
    );

    // The service is called directly: the HTTP DTO would stop these first, the schema must too.
    const tooLong = 'x'.repeat(301);
    const results = await service.batchUpsert(
      [
        { index: 0, input: valid(0, tooLong) },
        { index: 1, input: valid(1, 'Second') },
        { index: 2, input: { ...valid(2, 'Second'), location: { country: 'gb' } } },
        { index: 3, input: valid(3, tooLong) },
      ],
      'system',
    );
    expect(results[0]).toMatchObject({
      status: 'invalid',
      errors: [expect.objectContaining({ field: 'headline', code: 'maxlength' })],
    });
    expect(results[1]).toMatchObject({ status: 'updated' });
    expect(results[2]).toMatchObject({
      status: 'invalid',
      errors: [expect.objectContaining({ field: 'location.country', code: 'regexp' })],
    });
    expect(results[3]).toMatchObject({ status: 'invalid', publicId: `${prefix}-3` });

    const stored = await connection
      .collection('profiles')
      .find({ publicId: { $in: [0, 1, 2, 3].map((i) => `${prefix}-${i}`) } })
      .toArray();
    const byId = new Map(stored.map((doc) => [doc.publicId as string, doc]));
    expect(byId.get(`${prefix}-0`)).toMatchObject({ headline: 'First', version: 1 });
    expect(byId.get(`${prefix}-1`)).toMatchObject({ headline: 'Second', version: 2 });
    expect(byId.get(`${prefix}-2`)).toMatchObject({ headline: 'First', version: 1 });
    expect(byId.get(`${prefix}-2`)?.location).toEqual({ city: 'London', country: 'GB' });
    expect(byId.has(`${prefix}-3`)).toBe(false);
  });

  it('the re-scrape scheduler queues more stale profiles than one command takes', async () => {
    const stalePublicIds = profiles.slice(0, 150).map((r) => r.publicId as string);
    await connection
      .collection('profiles')
      .updateMany(
        { publicId: { $in: stalePublicIds } },
        { $set: { 'scrape.status': 'succeeded', 'scrape.lastScrapedAt': new Date(0) } },
      );

    const outcome = await api.app.get(ScrapeJobsService).runMaintenance();
    expect(outcome.stale).toBe(150);

    const first = await readBack(stalePublicIds[0]);
    expect(first.scrape.status).toBe('queued');
    const queued = await connection
      .collection('profiles')
      .countDocuments({ publicId: { $in: stalePublicIds }, 'scrape.status': 'queued' });
    expect(queued).toBe(150);
  });
});
