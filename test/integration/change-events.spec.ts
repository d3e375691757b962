import { getConnectionToken } from '@nestjs/mongoose';
import { type Connection, Types } from 'mongoose';
import { ApiKeysService } from '@scout/auth';
import { type EventDraft, EventLog } from '@scout/events';
import {
  ProfileBatch,
  ProfileCommands,
  type ProfileInput,
  ProfileScrapeLanding,
} from '@scout/profiles';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { profileBody, uniquePublicId } from '../support/factories';

jest.setTimeout(600_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- documents and response bodies

const GRACE_MS = 60_000;

describe('change events recorded with the writes that cause them', () => {
  let api: ApiHarness;
  let connection: Connection;
  let log: EventLog;
  let keyId: string;

  beforeAll(async () => {
    api = await startApiHarness({
      EVENTS_RECONCILE_AFTER_MS: String(GRACE_MS),
      REQUEST_TIMEOUT_MS: '0',
    });
    connection = api.app.get<Connection>(getConnectionToken());
    log = api.app.get(EventLog);
    keyId = (await api.app.get(ApiKeysService).authenticate(api.apiKey!))!.keyId;
  });

  afterAll(async () => {
    await api.close();
  });

  const events = () => connection.collection<Json>('events');
  const profilesCollection = () => connection.collection<Json>('profiles');

  /** Every event of one profile, by sequence. */
  const eventsOf = (id: string) =>
    events().find({ 'subject.kind': 'profile', 'subject.id': id }).sort({ sequence: 1 }).toArray();

  async function create(overrides: Record<string, unknown> = {}): Promise<Json> {
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/profiles',
      payload: profileBody(overrides),
    });
    expect(response.statusCode).toBe(201);
    return response.json<Json>();
  }

  async function patch(id: string, body: Json): Promise<Json> {
    const response = await api.app.inject({
      method: 'PATCH',
      url: `/v1/profiles/${id}`,
      payload: body,
    });
    expect({ status: response.statusCode, body: response.json<Json>() }).toMatchObject({
      status: 200,
    });
    return response.json<Json>();
  }

  /** The event a profile write would record for its next version (what the services stage). */
  function draftFor(id: string, sequence: number, publicId: string): EventDraft {
    return {
      type: 'profile.updated',
      subject: { kind: 'profile', id },
      sequence,
      actor: 'system',
      data: { publicId, changedFields: ['headline'] },
    };
  }

  /** A process that dies after its write and before the commit: the commit step never runs. */
  function dieBeforeCommit(): never {
    throw new Error('process died');
  }

  describe('API writes', () => {
    it('create, patch and delete each record one committed event with actor and diff', async () => {
      const created = await create({ headline: 'Engineer' });
      await patch(created.id, { headline: 'Staff engineer', summary: 'Builds things' });
      const removed = await api.app.inject({ method: 'DELETE', url: `/v1/profiles/${created.id}` });
      expect(removed.statusCode).toBe(204);

      const recorded = await eventsOf(created.id);
      expect(recorded.map((e) => [e.type, e.sequence, e.state, e.actor])).toEqual([
        ['profile.created', 1, 'committed', `api-key:${keyId}`],
        ['profile.updated', 2, 'committed', `api-key:${keyId}`],
        ['profile.deleted', 3, 'committed', `api-key:${keyId}`],
      ]);
      const [createdEvent, updatedEvent, deletedEvent] = recorded;
      expect(createdEvent.data).toEqual({ publicId: created.publicId });
      expect(updatedEvent.data).toEqual({
        publicId: created.publicId,
        changedFields: ['headline', 'summary'],
      });
      expect(updatedEvent.changes).toEqual([
        { field: 'headline', from: 'Engineer', to: 'Staff engineer' },
        { field: 'summary', from: null, to: 'Builds things' },
      ]);
      expect(updatedEvent.snapshot).toMatchObject({ headline: 'Staff engineer', version: 2 });
      expect(deletedEvent.data).toEqual({ publicId: created.publicId });
      expect(new Set(recorded.map((e) => e.eventId)).size).toBe(3);
    });

    it('a patch that changes nothing, and a create refused as a duplicate, record nothing', async () => {
      const created = await create();
      await patch(created.id, { headline: created.headline as string });
      const duplicate = await api.app.inject({
        method: 'POST',
        url: '/v1/profiles',
        payload: profileBody({ publicId: created.publicId }),
      });
      expect(duplicate.statusCode).toBe(409);
      expect(await events().countDocuments({ 'data.publicId': created.publicId })).toBe(1);
      expect(
        await events().countDocuments({ state: 'pending', 'data.publicId': created.publicId }),
      ).toBe(0);
    });

    it('concurrent patches of one profile: no lost write, no duplicate, no gap', async () => {
      const created = await create({ skills: [] });
      const writers = 12;
      const answers = await Promise.all(
        Array.from({ length: writers }, (_, i) =>
          api.app.inject({
            method: 'PATCH',
            url: `/v1/profiles/${created.id}`,
            payload: { headline: `Headline ${i}` },
          }),
        ),
      );
      const landed = answers.filter((a) => a.statusCode === 200).length;
      expect(answers.every((a) => a.statusCode === 200)).toBe(true);
      const profile = await profilesCollection().findOne({ _id: new Types.ObjectId(created.id) });
      const recorded = await eventsOf(created.id);
      expect(profile!.version).toBe(1 + landed);
      expect(recorded.map((e) => e.sequence)).toEqual(
        Array.from({ length: 1 + landed }, (_, i) => i + 1),
      );
      expect(recorded.every((e) => e.state === 'committed')).toBe(true);
      // Each event's diff starts where the previous one ended.
      for (let i = 2; i < recorded.length; i++) {
        expect(recorded[i].changes[0].from).toBe(recorded[i - 1].changes[0].to);
      }
    });
  });

  describe('the outbox protocol at its kill points (no transactions on this server)', () => {
    it('a write that throws after its event was staged leaves no event, and frees the version', async () => {
      const created = await create();
      await expect(
        log.record({
          events: [draftFor(created.id, 2, created.publicId)],
          write: () => Promise.reject(new Error('refused by the server')),
          settle: () => [null],
        }),
      ).rejects.toThrow('refused by the server');
      expect((await eventsOf(created.id)).map((e) => e.sequence)).toEqual([1]);

      await patch(created.id, { headline: 'After the failed write' });
      expect((await eventsOf(created.id)).map((e) => [e.sequence, e.state])).toEqual([
        [1, 'committed'],
        [2, 'committed'],
      ]);
    });

    it('a write that landed before its process died is committed by the reconciler', async () => {
      const created = await create();
      const draft = draftFor(created.id, 2, created.publicId);
      await expect(
        log.record({
          events: [draft],
          write: () =>
            profilesCollection().updateOne(
              { _id: new Types.ObjectId(created.id), version: 1 },
              { $set: { headline: 'Landed' }, $inc: { version: 1 } },
            ),
          settle: dieBeforeCommit,
        }),
      ).rejects.toThrow('process died');
      const pending = await events().findOne({ 'subject.id': created.id, sequence: 2 });
      expect(pending!.state).toBe('pending');

      // Not before the grace period: the writer may still be on its way.
      await log.reconcile(new Date());
      expect((await events().findOne({ _id: pending!._id }))!.state).toBe('pending');

      const report = await log.reconcile(new Date(Date.now() + GRACE_MS + 1_000));
      expect(report.committed).toBeGreaterThanOrEqual(1);
      expect((await events().findOne({ _id: pending!._id }))!.state).toBe('committed');
    });

    it('an event whose write never ran is removed by the reconciler, and the version is free', async () => {
      const created = await create();
      await expect(
        log.record({
          events: [draftFor(created.id, 2, created.publicId)],
          write: () => Promise.resolve(null),
          settle: dieBeforeCommit,
        }),
      ).rejects.toThrow('process died');
      expect((await eventsOf(created.id)).map((e) => [e.sequence, e.state])).toEqual([
        [1, 'committed'],
        [2, 'pending'],
      ]);

      // While the step is held, the next write of the profile cannot take it.
      const blocked = await api.app.inject({
        method: 'PATCH',
        url: `/v1/profiles/${created.id}`,
        payload: { headline: 'Blocked' },
      });
      expect(blocked.statusCode).toBe(409);
      expect(blocked.json<Json>().code).toBe('CONFLICT');

      const report = await log.reconcile(new Date(Date.now() + GRACE_MS + 1_000));
      expect(report.discarded).toBeGreaterThanOrEqual(1);
      expect((await eventsOf(created.id)).map((e) => e.sequence)).toEqual([1]);

      await patch(created.id, { headline: 'Now it goes through' });
      const after = await eventsOf(created.id);
      expect(after.map((e) => [e.sequence, e.state])).toEqual([
        [1, 'committed'],
        [2, 'committed'],
      ]);
      expect(after[1].changes).toEqual([
        { field: 'headline', from: created.headline, to: 'Now it goes through' },
      ]);
    });

    it('a pending deletion is committed when the profile is gone, a pending create removed when it never appeared', async () => {
      const doomed = await create();
      await expect(
        log.record({
          events: [
            {
              type: 'profile.deleted',
              subject: { kind: 'profile', id: doomed.id },
              sequence: 2,
              actor: 'system',
              data: { publicId: doomed.publicId },
            },
          ],
          write: () => profilesCollection().deleteOne({ _id: new Types.ObjectId(doomed.id) }),
          settle: dieBeforeCommit,
        }),
      ).rejects.toThrow('process died');
      const neverId = new Types.ObjectId().toHexString();
      await expect(
        log.record({
          events: [
            {
              type: 'profile.created',
              subject: { kind: 'profile', id: neverId },
              sequence: 1,
              actor: 'system',
              data: { publicId: uniquePublicId('never') },
            },
          ],
          write: () => Promise.resolve(null),
          settle: dieBeforeCommit,
        }),
      ).rejects.toThrow('process died');

      await log.reconcile(new Date(Date.now() + GRACE_MS + 1_000));
      expect((await eventsOf(doomed.id)).map((e) => [e.type, e.state])).toEqual([
        ['profile.created', 'committed'],
        ['profile.deleted', 'committed'],
      ]);
      expect(await eventsOf(neverId)).toEqual([]);
    });

    it('an update that landed and was then deleted over is still committed', async () => {
      const created = await create();
      await expect(
        log.record({
          events: [draftFor(created.id, 2, created.publicId)],
          write: () =>
            profilesCollection().updateOne(
              { _id: new Types.ObjectId(created.id) },
              { $set: { headline: 'Landed' }, $inc: { version: 1 } },
            ),
          settle: dieBeforeCommit,
        }),
      ).rejects.toThrow('process died');
      // The next writer planned on version 2, so version 2 existed.
      await events().insertOne({
        ...(await events().findOne({ 'subject.id': created.id, sequence: 2 }))!,
        _id: new Types.ObjectId(),
        eventId: `later-${created.id}`,
        type: 'profile.deleted',
        sequence: 3,
        state: 'committed',
      });
      await profilesCollection().deleteOne({ _id: new Types.ObjectId(created.id) });

      await log.reconcile(new Date(Date.now() + GRACE_MS + 1_000));
      expect((await eventsOf(created.id)).map((e) => [e.sequence, e.state])).toEqual([
        [1, 'committed'],
        [2, 'committed'],
        [3, 'committed'],
      ]);
    });
  });

  describe('batches', () => {
    function batch(prefix: string, count: number, headline: string): ProfileInput[] {
      return Array.from(
        { length: count },
        (_, i) =>
          profileBody({
            publicId: `${prefix}-${i}`,
            headline: `${headline} ${i}`,
          }) as unknown as ProfileInput,
      );
    }

    async function post(items: ProfileInput[]): Promise<Json[]> {
      const response = await api.app.inject({
        method: 'POST',
        url: '/v1/profiles/batch',
        payload: { profiles: items },
      });
      expect(response.statusCode).toBe(200);
      return response.json<{ results: Json[] }>().results;
    }

    it('a batch of 300 records one event per written profile, created then updated', async () => {
      const prefix = uniquePublicId('evb');
      const created = await post(batch(prefix, 300, 'First'));
      expect(created.every((r) => r.status === 'created')).toBe(true);
      const updated = await post(batch(prefix, 300, 'Second'));
      expect(updated.every((r) => r.status === 'updated')).toBe(true);
      const unchanged = await post(batch(prefix, 300, 'Second'));
      expect(unchanged.every((r) => r.status === 'unchanged')).toBe(true);

      const ids = created.map((r) => r.id as string);
      const recorded = await events()
        .find({ 'subject.kind': 'profile', 'subject.id': { $in: ids } })
        .toArray();
      expect(recorded).toHaveLength(600);
      expect(recorded.every((e) => e.state === 'committed' && e.actor === `api-key:${keyId}`)).toBe(
        true,
      );
      const byProfile = new Map<string, Json[]>();
      for (const e of recorded)
        byProfile.set(e.subject.id, [...(byProfile.get(e.subject.id) ?? []), e]);
      created.forEach((result, i) => {
        const own = byProfile.get(result.id)!.sort((a, b) => a.sequence - b.sequence);
        expect(own.map((e) => [e.type, e.sequence])).toEqual([
          ['profile.created', 1],
          ['profile.updated', 2],
        ]);
        expect(own[1].changes).toEqual([
          { field: 'headline', from: `First ${i}`, to: `Second ${i}` },
        ]);
        expect(own[1].data.changedFields).toEqual(['headline']);
      });
    });

    it('a batch racing patches of the same profiles: every landed write has exactly its event', async () => {
      const prefix = uniquePublicId('race');
      const created = await post(batch(prefix, 30, 'Start'));
      const commands = api.app.get(ProfileCommands);
      const [results] = await Promise.all([
        api.app.get(ProfileBatch).batchUpsert(
          batch(prefix, 30, 'Batch').map((input, index) => ({ index, input })),
          'system',
        ),
        ...created
          .slice(0, 10)
          .map((r) =>
            commands
              .update(r.id as string, { summary: 'Patched' }, 'system')
              .catch((error: Error) => error),
          ),
      ]);
      expect(results.every((r) => ['updated', 'invalid'].includes(r.status))).toBe(true);

      for (const result of created) {
        const profile = await profilesCollection().findOne({
          _id: new Types.ObjectId(result.id as string),
        });
        const recorded = await eventsOf(result.id as string);
        expect(recorded.map((e) => e.sequence)).toEqual(
          Array.from({ length: profile!.version as number }, (_, i) => i + 1),
        );
        expect(recorded.every((e) => e.state === 'committed')).toBe(true);
      }
    });
  });

  describe('scrapes landing', () => {
    it('records created then updated with the scrape job as actor, nothing for an unchanged page', async () => {
      const service = api.app.get(ProfileScrapeLanding);
      const publicId = uniquePublicId('scraped');
      const jobId = new Types.ObjectId().toHexString();
      const land = (headline: string) =>
        service.applyScrape({
          profile: { publicId, fullName: 'Scraped Person', headline },
          companies: [],
          pageHash: headline,
          jobId,
        });
      const first = await land('One');
      await land('Two');
      await land('Two');
      const recorded = await eventsOf(first.profileId);
      expect(recorded.map((e) => [e.type, e.sequence, e.actor, e.state])).toEqual([
        ['profile.created', 1, `scrape-job:${jobId}`, 'committed'],
        ['profile.updated', 2, `scrape-job:${jobId}`, 'committed'],
      ]);
      expect(recorded[1].changes).toEqual([{ field: 'headline', from: 'One', to: 'Two' }]);
    });
  });
});
