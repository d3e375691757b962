import { appendFileSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Types } from 'mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { createScoutClient, ScoutProblemError } from '@scout/client';
import { AppConfig } from '@scout/config';
import { ConfigFlagProvider, Flag, flagValuesOf, FlagsService } from '@scout/flags';
import { ScrapeQueue } from '@scout/scraping';
import { type FakeSite, startFakeSite } from '../fixtures/fake-site';
import { type ApiHarness, startApiHarness, startWorkerHarness } from '../support/api-harness';
import { type AppProcess, startApp, waitForListening } from '../support/app-process';
import { REPO_ROOT } from '../support/test-env';
import { uniquePublicId } from '../support/factories';
import { OpenApiClient } from '../support/openapi-client';
import { until } from '../support/wait';

jest.setTimeout(60_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies
type Worker = Awaited<ReturnType<typeof startWorkerHarness>>;

/** Switches `scraping.enabled` in one app through its provider, as a reload would. */
function switchScraping(app: NestFastifyApplication, on: boolean): void {
  const flags = { ...flagValuesOf(app.get(AppConfig)), [Flag.ScrapingEnabled]: on };
  app.get(ConfigFlagProvider).update(flags);
}

describe('feature flag scraping.enabled', () => {
  let site: FakeSite;
  let api: ApiHarness;
  let client: OpenApiClient;

  beforeAll(async () => {
    site = await startFakeSite();
    api = await startApiHarness({ SCRAPER_BASE_URL: site.url, FLAG_SCRAPING_ENABLED: 'false' });
    client = new OpenApiClient(api.app);
    await client.load();
  });

  afterAll(async () => {
    await api.close();
    await site.close();
  });

  const jobStatus = async (id: string): Promise<string> =>
    (await client.request({ method: 'GET', url: `/v1/scrape-jobs/${id}` })).json<Json>().status;

  it('off: creating, batching and retrying scrapes is 503 FEATURE_DISABLED, and nothing is recorded or queued', async () => {
    const publicId = uniquePublicId('off');
    const responses = [
      await client.request({
        method: 'POST',
        url: '/v1/scrape-jobs',
        payload: { profile: publicId },
        headers: { 'idempotency-key': `flag-off-${publicId}` },
      }),
      await client.request({
        method: 'POST',
        url: '/v1/scrape-jobs/batch',
        payload: { profiles: [publicId, uniquePublicId('off')] },
      }),
      await client.request({
        method: 'POST',
        url: `/v1/scrape-jobs/${new Types.ObjectId().toHexString()}/retry`,
      }),
    ];
    for (const response of responses) {
      expect(response.statusCode).toBe(503);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.headers['retry-after']).toBeUndefined();
      expect(response.json<Json>()).toMatchObject({
        status: 503,
        code: 'FEATURE_DISABLED',
        flag: 'scraping.enabled',
      });
    }

    const db = api.app.get<Connection>(getConnectionToken());
    expect(await db.collection('scrape_jobs').countDocuments()).toBe(0);
    expect(await db.collection('idempotency_records').countDocuments()).toBe(0);
    const counts = await api.app.get(ScrapeQueue).counts();
    expect(Object.values(counts).every((count) => count === 0)).toBe(true);
    // A switched-off feature is not a server fault: no error log line for it.
    expect(api.logs.filter((line) => line.code === 'FEATURE_DISABLED')).toEqual([]);
    // Reads still work.
    const list = await client.request({ method: 'GET', url: '/v1/scrape-jobs' });
    expect(list.statusCode).toBe(200);
  });

  it('a worker started with the flag off takes no job; switching it on resumes it and the job succeeds; off again pauses it', async () => {
    switchScraping(api.app, true);
    await api.app.get(FlagsService).refresh();
    const worker: Worker = await startWorkerHarness(api.env);
    const connection = new Redis(api.config.redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue('scrape', { connection, prefix: api.config.queue.prefix });
    const bullState = async (id: string) => (await queue.getJob(id))?.getState();
    try {
      const first = uniquePublicId('paused');
      const created = await client.request({
        method: 'POST',
        url: '/v1/scrape-jobs',
        payload: { profile: first },
      });
      expect(created.statusCode).toBe(202);
      const firstId = created.json<Json>().id as string;

      // Give a consuming worker every chance to take it: it must not even fetch it.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await jobStatus(firstId)).toBe('queued');
      expect(site.requests(first)).toBe(0);
      expect(await bullState(firstId)).toMatch(/^(waiting|prioritized)$/);

      // Only the provider's change event reaches the worker: no refresh is forced here.
      switchScraping(worker.app, true);
      await until(async () => (await jobStatus(firstId)) === 'succeeded', 'the job to succeed');
      expect(site.requests(first)).toBe(1);

      switchScraping(worker.app, false);
      // Once the worker's flags say off, it takes nothing more: it pauses, and a job a waiting
      // fetch still hands over goes back to the queue untouched.
      await worker.app.get(FlagsService).refresh();
      const second = uniquePublicId('paused');
      const secondId = (
        await client.request({
          method: 'POST',
          url: '/v1/scrape-jobs',
          payload: { profile: second },
        })
      ).json<Json>().id as string;
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await jobStatus(secondId)).toBe('queued');
      expect(site.requests(second)).toBe(0);

      // The queued job was not lost: a worker that consumes again picks it up.
      switchScraping(worker.app, true);
      await until(async () => (await jobStatus(secondId)) === 'succeeded', 'the job to succeed');
    } finally {
      await worker.close();
      await queue.close();
      connection.disconnect();
    }
  });
});

describe('changing flags in a running process', () => {
  let configDir: string;
  let api: ApiHarness;
  let app: AppProcess;

  beforeAll(async () => {
    configDir = mkdtempSync(join(tmpdir(), 'scout-flags-'));
    for (const file of ['default.yaml', 'test.yaml']) {
      copyFileSync(join(REPO_ROOT, 'config', file), join(configDir, file));
    }
    // An in-process api on the same database makes the key the process will accept.
    api = await startApiHarness({ SCOUT_CONFIG_DIR: configDir });
    app = await startApp({ ...api.env, LOG_LEVEL: 'info' });
    await waitForListening(app);
  });

  afterAll(async () => {
    await app.stop();
    await api.close();
    rmSync(configDir, { recursive: true, force: true });
  });

  /**
   * The problem a scrape request is refused with: `FEATURE_DISABLED` (503) while scraping is
   * off, else `INVALID_TARGET` (400) for a URL on another site.
   */
  const scrapeRefusal = async (): Promise<string> => {
    const client = createScoutClient({
      baseUrl: `http://127.0.0.1:${app.port}`,
      apiKey: api.apiKey,
    });
    try {
      await client.POST('/v1/scrape-jobs', {
        body: { profile: 'https://elsewhere.example/in/someone' },
      });
    } catch (error) {
      if (error instanceof ScoutProblemError) return `${error.status} ${error.code}`;
      throw error;
    }
    throw new Error('the scrape request was accepted');
  };

  it('SIGHUP applies flags edited in the settings files; an invalid file changes nothing', async () => {
    expect(await scrapeRefusal()).toBe('400 INVALID_TARGET');

    appendFileSync(join(configDir, 'test.yaml'), '\nflags:\n  scrapingEnabled: false\n');
    app.child.kill('SIGHUP');
    await until(
      async () => (await scrapeRefusal()) === '503 FEATURE_DISABLED',
      'scraping to be switched off',
    );
    // The process's log reaches us through a pipe, possibly after its answers do.
    await until(
      async () =>
        app.logLines().some((l) => l.msg === 'feature flag changed') &&
        app.logLines().some((l) => l.msg === 'feature flags reloaded from configuration'),
      'the reload to be logged',
    );
    expect(app.logLines()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ msg: 'feature flags reloaded from configuration' }),
        expect.objectContaining({ msg: 'feature flag changed', flag: 'scraping.enabled' }),
      ]),
    );

    appendFileSync(join(configDir, 'test.yaml'), '\nworker: {port: not-a-port}\n');
    app.child.kill('SIGHUP');
    await until(
      async () =>
        app
          .logLines()
          .some((l) => l.msg === 'feature flags not reloaded: the configuration is invalid'),
      'the reload to be refused',
    );
    expect(app.child.exitCode).toBeNull();
    expect(await scrapeRefusal()).toBe('503 FEATURE_DISABLED');
  });
});
