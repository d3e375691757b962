import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { type AppProcess, freePort, startApp } from '../support/app-process';
import { collections, commitEvents, updatesFor } from '../support/change-events';
import { REPO_ROOT } from '../support/test-env';
import { waitFor } from '../support/wait';
import { sequenceGaps, WebhookReceiver } from '../support/webhook-receiver';

jest.setTimeout(120_000);

const WORKER = join(REPO_ROOT, 'dist/apps/worker/src/main.js');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

/** The built worker (what the image runs) as a real process, once it reports ready. */
async function startBuiltWorker(env: Record<string, string>): Promise<AppProcess> {
  const port = String(await freePort());
  const worker = await startApp({ ...env, WORKER_PORT: port, PORT: port }, WORKER, []);
  await waitFor(
    async () =>
      (await fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (r) => r.ok,
        () => false,
      )) || worker.child.exitCode !== null
        ? true
        : undefined,
    20_000,
    'the worker to be ready',
  );
  if (worker.child.exitCode !== null) {
    throw new Error(
      `worker exited:\n${[...worker.stdout, ...worker.stderr].slice(-20).join('\n')}`,
    );
  }
  return worker;
}

describe('webhook delivery across a worker crash', () => {
  let api: ApiHarness;
  let receiver: WebhookReceiver;

  beforeAll(() => {
    if (!existsSync(WORKER)) throw new Error('dist/ is missing: run `npm run build` first');
  });

  beforeEach(async () => {
    api = await startApiHarness({ LOG_LEVEL: 'error', WORKER_QUEUES: 'webhooks' });
    receiver = await WebhookReceiver.start();
  });

  afterEach(async () => {
    await receiver.close();
    await api.close();
  });

  it('SIGKILL of the worker mid-delivery loses nothing: every event arrives, verified, no gap', async () => {
    const created = await api.app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      payload: { url: receiver.url, eventTypes: ['profile.updated'] },
    });
    const webhook = created.json<Json>();
    receiver.useSecret(webhook.secret);
    // Slow answers keep deliveries in flight, so the kill lands mid-delivery.
    receiver.failAlways({ kind: 'slow', delayMs: 300 });
    const ids = await commitEvents(api.app, updatesFor(10, 20));

    const first = await startBuiltWorker(api.env);
    let second: AppProcess | undefined;
    try {
      await waitFor(
        () => (receiver.received.length >= 20 ? true : undefined),
        30_000,
        'the first deliveries',
      );
      first.child.kill('SIGKILL');
      await first.exited;
      const beforeRestart = receiver.eventIds().size;
      expect(beforeRestart).toBeLessThan(ids.length);
      receiver.failAlways(undefined);

      second = await startBuiltWorker(api.env);
      await waitFor(
        () => (receiver.eventIds().size >= ids.length ? true : undefined),
        60_000,
        'every event after the crash',
        200,
      );
      expect(receiver.rejected).toBe(0);
      expect([...receiver.eventIds()].sort()).toEqual([...ids].sort());
      expect(sequenceGaps(receiver.received)).toEqual([]);
      const stored = collections(api.app);
      await waitFor(
        async () =>
          (await stored.deliveries.countDocuments({ status: 'delivered' })) === ids.length
            ? true
            : undefined,
        20_000,
        'every delivery recorded as delivered',
      );
    } finally {
      first.child.kill('SIGKILL');
      await second?.stop();
    }
  });
});
