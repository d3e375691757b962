import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ApiKeysService } from '@scout/auth';
import { SharedCircuitBreaker } from '@scout/resilience';
import { WebhookDispatcher } from '@scout/webhooks';
import { type ApiHarness, startApiHarness, startWorkerHarness } from '../support/api-harness';
import { collections, commitEvents, updatesFor } from '../support/change-events';
import { waitFor } from '../support/wait';
import { sequenceGaps, WebhookReceiver } from '../support/webhook-receiver';

jest.setTimeout(180_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

type Worker = Awaited<ReturnType<typeof startWorkerHarness>>;

async function register(
  api: ApiHarness,
  receiver: WebhookReceiver,
  eventTypes: string[] = ['profile.updated'],
): Promise<Json> {
  const created = await api.app.inject({
    method: 'POST',
    url: '/v1/webhooks',
    payload: { url: receiver.url, eventTypes },
  });
  expect(created.statusCode).toBe(201);
  const webhook = created.json<Json>();
  receiver.useSecret(webhook.secret);
  return webhook;
}

async function deliveries(api: ApiHarness, webhookId: string, query = ''): Promise<Json[]> {
  const response = await api.app.inject({
    method: 'GET',
    url: `/v1/webhooks/${webhookId}/deliveries?limit=100${query}`,
  });
  expect(response.statusCode).toBe(200);
  return response.json<Json>().data as Json[];
}

async function settledDelivery(api: ApiHarness, webhookId: string, status: string): Promise<Json> {
  return waitFor(
    async () => (await deliveries(api, webhookId)).find((delivery) => delivery.status === status),
    30_000,
    `a ${status} delivery`,
  );
}

describe('webhook registrations', () => {
  let api: ApiHarness;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    api = await startApiHarness();
    receiver = await WebhookReceiver.start();
  });

  afterAll(async () => {
    await receiver.close();
    await api.close();
  });

  it('shows the secret once, stores it encrypted, and lists, changes and deletes the webhook', async () => {
    const created = await register(api, receiver, ['profile.created', 'profile.deleted']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created).toMatchObject({ url: receiver.url, enabled: true });

    const got = (await api.app.inject({ url: `/v1/webhooks/${created.id}` })).json<Json>();
    expect(got).not.toHaveProperty('secret');
    expect(got.eventTypes).toEqual(['profile.created', 'profile.deleted']);
    const listed = (await api.app.inject({ url: '/v1/webhooks?limit=1' })).json<Json>();
    expect(listed.data.map((w: Json) => w.id)).toContain(created.id);
    expect(JSON.stringify(listed)).not.toContain(created.secret);

    const stored = await collections(api.app).webhooks.findOne({});
    expect(JSON.stringify(stored)).not.toContain(created.secret.slice(6));
    expect(stored?.secretCiphertext).toMatch(/^v1\./);

    const patched = await api.app.inject({
      method: 'PATCH',
      url: `/v1/webhooks/${created.id}`,
      payload: { enabled: false, eventTypes: ['scrape_job.dead'] },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json<Json>()).toMatchObject({ enabled: false, eventTypes: ['scrape_job.dead'] });

    const deleted = await api.app.inject({ method: 'DELETE', url: `/v1/webhooks/${created.id}` });
    expect(deleted.statusCode).toBe(204);
    const gone = await api.app.inject({ url: `/v1/webhooks/${created.id}` });
    expect(gone.statusCode).toBe(404);
    expect(gone.json<Json>().code).toBe('NOT_FOUND');
  });

  it.each([
    ['a private address', 'http://10.1.2.3/hook'],
    ['the metadata address', 'http://169.254.169.254/latest/meta-data'],
    ['loopback outside the allowlist, spelled in hex', 'http://0x7f000002/hook'],
    ['IPv6 loopback', 'http://[::1]:8080/hook'],
    ['an IPv4-mapped private address', 'http://[::ffff:192.168.0.1]/hook'],
    ['a name resolving to loopback', 'http://localhost:8080/hook'],
    ['user info', 'https://user:pass@hooks.example.com/'],
    ['another scheme', 'ftp://hooks.example.com/'],
  ])('refuses %s with 400 INVALID_WEBHOOK_TARGET', async (_what, url) => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      payload: { url, eventTypes: ['profile.updated'] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<Json>()).toMatchObject({
      code: 'INVALID_WEBHOOK_TARGET',
      errors: [{ field: 'url', code: 'invalidWebhookTarget' }],
    });
  });

  it('needs the admin scope and valid event types', async () => {
    const { key } = await api.app
      .get(ApiKeysService)
      .create({ name: 'writer', scopes: ['profiles:write'] });
    const forbidden = await api.app.inject({
      url: '/v1/webhooks',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(forbidden.statusCode).toBe(403);
    const invalid = await api.app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      payload: { url: receiver.url, eventTypes: ['profile.renamed'] },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json<Json>().code).toBe('VALIDATION_FAILED');
  });
});

describe('webhook delivery', () => {
  let api: ApiHarness;
  let worker: Worker;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    api = await startApiHarness({ WEBHOOK_MAX_ATTEMPTS: '4', WEBHOOK_TIMEOUT_MS: '1000' });
    worker = await startWorkerHarness(api.env);
  });

  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
  });

  afterEach(async () => {
    // Every webhook goes, so the next test's events reach only its own receiver.
    const listed = (await api.app.inject({ url: '/v1/webhooks?limit=100' })).json<Json>();
    for (const webhook of listed.data as Json[]) {
      await api.app.inject({ method: 'DELETE', url: `/v1/webhooks/${webhook.id}` });
    }
    await receiver.close();
  });

  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  it('delivers 1,000 events for 50 profiles, every one verified, no gap in sequence', async () => {
    const webhook = await register(api, receiver, ['profile.updated']);
    const other = await WebhookReceiver.start();
    try {
      await register(api, other, ['scrape_job.dead']);
      const events = updatesFor(50, 20);
      const ids = await commitEvents(api.app, events);

      await waitFor(
        () => (receiver.eventIds().size >= ids.length ? true : undefined),
        150_000,
        '1,000 verified deliveries',
        250,
      );
      expect(receiver.rejected).toBe(0);
      expect([...receiver.eventIds()].sort()).toEqual([...ids].sort());
      expect(sequenceGaps(receiver.received)).toEqual([]);
      const first = receiver.received[0];
      expect(Object.keys(first.payload).sort()).toEqual(
        ['data', 'id', 'sequence', 'subject', 'timestamp', 'type'].sort(),
      );
      expect(first.webhookId).toBe(first.payload.id);
      expect(other.received).toHaveLength(0);

      const stored = collections(api.app);
      await waitFor(
        async () =>
          (await stored.events.countDocuments({ dispatchedAt: { $exists: false } })) === 0
            ? true
            : undefined,
        10_000,
        'every event marked dispatched',
      );
      expect(await stored.deliveries.countDocuments({ webhookId: webhook.id })).toBe(1_000);
      await waitFor(
        async () =>
          (await stored.deliveries.countDocuments({
            webhookId: webhook.id,
            status: 'delivered',
          })) === 1_000
            ? true
            : undefined,
        10_000,
        'every delivery recorded as delivered',
      );
    } finally {
      await other.close();
    }
  });

  it('retries 500s with backoff and honours Retry-After, then records the delivery', async () => {
    const webhook = await register(api, receiver);
    receiver.failNext(
      { kind: 'status', status: 500 },
      { kind: 'status', status: 429, retryAfter: '2' },
    );
    const [eventId] = await commitEvents(api.app, updatesFor(1, 1));

    const delivered = await settledDelivery(api, webhook.id, 'delivered');
    expect(delivered).toMatchObject({ eventId, attempts: 3, lastResponseCode: 204 });
    expect(delivered.lastLatencyMs).toEqual(expect.any(Number));
    const [, limited, accepted] = receiver.requests;
    expect(accepted.at - limited.at).toBeGreaterThanOrEqual(1_900);
    expect(receiver.eventIds()).toEqual(new Set([eventId]));
  });

  it('makes a dead letter after WEBHOOK_MAX_ATTEMPTS, and redelivers it on request', async () => {
    const webhook = await register(api, receiver);
    receiver.failAlways({ kind: 'status', status: 503 });
    const [eventId] = await commitEvents(api.app, updatesFor(1, 1));

    const dead = await settledDelivery(api, webhook.id, 'dead');
    expect(dead).toMatchObject({
      eventId,
      attempts: 4,
      lastResponseCode: 503,
      lastError: 'the receiver answered 503',
    });
    expect(receiver.requests).toHaveLength(4);
    expect(await deliveries(api, webhook.id, '&status=delivered')).toEqual([]);

    receiver.failAlways(undefined);
    const redelivered = await api.app.inject({
      method: 'POST',
      url: `/v1/webhooks/${webhook.id}/deliveries/${dead.id}/redeliver`,
    });
    expect(redelivered.statusCode).toBe(202);
    expect(redelivered.json<Json>()).toMatchObject({ status: 'pending', attempts: 0 });
    const delivered = await settledDelivery(api, webhook.id, 'delivered');
    expect(delivered).toMatchObject({ id: dead.id, attempts: 1 });
    expect(receiver.eventIds()).toEqual(new Set([eventId]));
  });

  it('gives up on a receiver slower than WEBHOOK_TIMEOUT_MS and retries it', async () => {
    const webhook = await register(api, receiver);
    receiver.failNext({ kind: 'hang' });
    const [eventId] = await commitEvents(api.app, updatesFor(1, 1));
    const delivered = await settledDelivery(api, webhook.id, 'delivered');
    expect(delivered.attempts).toBe(2);
    expect(receiver.eventIds()).toEqual(new Set([eventId]));
  });

  it('answers 404 for deliveries of another webhook and unknown ones', async () => {
    const webhook = await register(api, receiver);
    const response = await api.app.inject({
      method: 'POST',
      url: `/v1/webhooks/${webhook.id}/deliveries/6650f1c2a1b2c3d4e5f6071c/redeliver`,
    });
    expect(response.statusCode).toBe(404);
    const invalid = await api.app.inject({ url: '/v1/webhooks/not-an-id/deliveries' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json<Json>().code).toBe('INVALID_ID');
  });

  it('loses nothing when Redis loses the queue: the sweeper enqueues open deliveries again', async () => {
    const webhook = await register(api, receiver);
    await worker.close();
    const ids = await commitEvents(api.app, updatesFor(5, 4));
    // Dispatched while no worker runs, then the queue is wiped as a Redis loss would.
    expect(await api.app.get(WebhookDispatcher).dispatchOnce()).toBe(ids.length);
    const redis = new Redis(api.env.REDIS_URL);
    const queue = new Queue('webhooks', { connection: redis, prefix: api.env.QUEUE_PREFIX });
    try {
      await queue.obliterate({ force: true });
      expect(await queue.count()).toBe(0);
      worker = await startWorkerHarness({ ...api.env, SCRAPE_SWEEP_EVERY_MS: '300' });
      await waitFor(
        () => (receiver.eventIds().size >= ids.length ? true : undefined),
        30_000,
        'deliveries after the queue was wiped',
      );
      expect([...receiver.eventIds()].sort()).toEqual([...ids].sort());
      // The last attempts are recorded just after the receiver answered them.
      await waitFor(
        async () =>
          (await deliveries(api, webhook.id, '&status=delivered')).length === ids.length
            ? true
            : undefined,
        10_000,
        'every delivery recorded as delivered',
      );
    } finally {
      await queue.close();
      redis.disconnect();
    }
  });
});

describe('webhook health', () => {
  it('disables a webhook that keeps failing for WEBHOOK_DISABLE_AFTER_MS', async () => {
    const api = await startApiHarness({
      WEBHOOK_DISABLE_AFTER_MS: '1500',
      WEBHOOK_MAX_ATTEMPTS: '50',
    });
    const worker = await startWorkerHarness(api.env);
    const receiver = await WebhookReceiver.start();
    try {
      const webhook = await register(api, receiver);
      receiver.failAlways({ kind: 'status', status: 500 });
      await commitEvents(api.app, updatesFor(1, 1));
      const disabled = await waitFor(
        async () => {
          const got = (await api.app.inject({ url: `/v1/webhooks/${webhook.id}` })).json<Json>();
          return got.enabled ? undefined : got;
        },
        30_000,
        'the webhook to be disabled',
      );
      expect(disabled).toMatchObject({ enabled: false, disabledReason: 'failing' });
      const [dead] = await deliveries(api, webhook.id);
      expect(dead).toMatchObject({ status: 'dead' });

      const enabled = await api.app.inject({
        method: 'PATCH',
        url: `/v1/webhooks/${webhook.id}`,
        payload: { enabled: true },
      });
      expect(enabled.json<Json>()).toMatchObject({ enabled: true });
      expect(enabled.json<Json>()).not.toHaveProperty('disabledReason');
      expect(enabled.json<Json>()).not.toHaveProperty('failingSince');
    } finally {
      await receiver.close();
      await worker.close();
      await api.close();
    }
  });

  it('opens the shared circuit breaker of a failing webhook and stops calling it', async () => {
    const api = await startApiHarness({
      WEBHOOK_BREAKER_THRESHOLD: '2',
      WEBHOOK_BREAKER_HALF_OPEN_AFTER_MS: '3000',
      WEBHOOK_MAX_ATTEMPTS: '50',
    });
    const worker = await startWorkerHarness(api.env);
    const receiver = await WebhookReceiver.start();
    try {
      const webhook = await register(api, receiver);
      receiver.failAlways({ kind: 'status', status: 500 });
      await commitEvents(api.app, updatesFor(3, 1));
      const breaker = worker.app.get(SharedCircuitBreaker);
      await waitFor(
        async () => ((await breaker.state(`webhook:${webhook.id}`)) === 'open' ? true : undefined),
        20_000,
        'the breaker to open',
      );
      const seen = receiver.requests.length;
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(receiver.requests.length).toBe(seen);
      const open = await deliveries(api, webhook.id);
      // A delivery the breaker held back before its first attempt is still pending; none is
      // given up on or counted as delivered while the breaker is open.
      expect(open.map((delivery) => delivery.status).sort()).toEqual(
        expect.arrayContaining(['retrying', 'retrying']),
      );
      expect(
        open.every((delivery) => ['pending', 'retrying'].includes(String(delivery.status))),
      ).toBe(true);
    } finally {
      await receiver.close();
      await worker.close();
      await api.close();
    }
  });
});
