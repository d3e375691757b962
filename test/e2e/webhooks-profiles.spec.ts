import { type ApiHarness, startApiHarness, startWorkerHarness } from '../support/api-harness';
import { profileBody } from '../support/factories';
import { waitFor } from '../support/wait';
import { sequenceGaps, WebhookReceiver } from '../support/webhook-receiver';

jest.setTimeout(600_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

const PROFILES = 50;
const UPDATES_PER_PROFILE = 20;
/** Profiles updated at once; each profile's own updates go one after the other. */
const PARALLEL = 10;

/**
 * End to end through the api: profile writes record their change events (the outbox), the
 * worker delivers them, and a receiver verifies every signature. Nothing is inserted by hand.
 */
describe('webhooks for profile writes through the api', () => {
  let api: ApiHarness;
  let worker: Awaited<ReturnType<typeof startWorkerHarness>>;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    api = await startApiHarness({ LOG_LEVEL: 'error' });
    worker = await startWorkerHarness({ ...api.env, WORKER_QUEUES: 'webhooks' });
    receiver = await WebhookReceiver.start();
  });

  afterAll(async () => {
    await receiver.close();
    await worker.close();
    await api.close();
  });

  it('1,000 profile updates produce 1,000 verified deliveries with no gap in sequence', async () => {
    const registered = await api.app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      payload: { url: receiver.url, eventTypes: ['profile.updated'] },
    });
    expect(registered.statusCode).toBe(201);
    receiver.useSecret(registered.json<Json>().secret);

    const profiles: Json[] = [];
    for (let i = 0; i < PROFILES; i += 1) {
      const created = await api.app.inject({
        method: 'POST',
        url: '/v1/profiles',
        payload: profileBody(),
      });
      expect(created.statusCode).toBe(201);
      profiles.push(created.json<Json>());
    }
    const updateAll = async (profile: Json): Promise<void> => {
      for (let n = 1; n <= UPDATES_PER_PROFILE; n += 1) {
        const updated = await api.app.inject({
          method: 'PATCH',
          url: `/v1/profiles/${profile.id}`,
          payload: { headline: `Update ${n} of ${profile.publicId}` },
        });
        expect(updated.statusCode).toBe(200);
      }
    };
    for (let start = 0; start < profiles.length; start += PARALLEL) {
      await Promise.all(profiles.slice(start, start + PARALLEL).map(updateAll));
    }

    const total = PROFILES * UPDATES_PER_PROFILE;
    await waitFor(
      () => (receiver.eventIds().size >= total ? true : undefined),
      300_000,
      `${total} verified deliveries`,
      250,
    );
    expect(receiver.rejected).toBe(0);
    expect(receiver.eventIds().size).toBe(total);
    const byProfile = new Map<string, number[]>();
    for (const { payload } of receiver.received) {
      expect(payload).toMatchObject({
        type: 'profile.updated',
        subject: { kind: 'profile' },
        data: { changedFields: ['headline'] },
      });
      byProfile.set(payload.subject.id, [
        ...(byProfile.get(payload.subject.id) ?? []),
        payload.sequence,
      ]);
    }
    expect([...byProfile.keys()].sort()).toEqual(profiles.map((p) => p.id as string).sort());
    // Version 1 is the create (not subscribed); the updates are versions 2..21 of each profile.
    expect(sequenceGaps(receiver.received, 2)).toEqual([]);
    for (const sequences of byProfile.values()) {
      expect(Math.max(...sequences)).toBe(UPDATES_PER_PROFILE + 1);
    }
  });
});
