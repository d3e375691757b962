import type { Browser } from 'playwright-core';
import { type FakeSite, startFakeSite } from '../fixtures/fake-site';
import { type ApiHarness, startApiHarness, startWorkerHarness } from '../support/api-harness';
import { freePort } from '../support/app-process';
import { artifactPath, launchChromium } from '../support/browser';
import { uniquePublicId } from '../support/factories';

jest.setTimeout(180_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

const ADMIN = { username: 'scout-admin', password: 'board-test-password-1' };
const UI_TIMEOUT_MS = 60_000;

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

describe('queue dashboard on the management port', () => {
  let site: FakeSite;
  let api: ApiHarness;
  let worker: Awaited<ReturnType<typeof startWorkerHarness>>;
  let base: string;
  let browser: Browser | undefined;

  beforeAll(async () => {
    site = await startFakeSite();
    const port = await freePort();
    api = await startApiHarness({
      SCRAPER_BASE_URL: site.url,
      METRICS_PORT: String(port),
      METRICS_HOST: '127.0.0.1',
      ADMIN_USER: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
    });
    worker = await startWorkerHarness(api.env);
    base = `http://127.0.0.1:${port}`;
  });

  afterEach(() => site.clearFaults());

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await api?.close();
    await site?.close();
  });

  async function scrapeJob(id: string): Promise<Json> {
    const response = await api.app.inject({ method: 'GET', url: `/v1/scrape-jobs/${id}` });
    expect(response.statusCode).toBe(200);
    return response.json<Json>();
  }

  /** Polls the scrape job until it reaches `status` (or a deadline passes). */
  async function until(id: string, status: string): Promise<Json> {
    const deadline = Date.now() + UI_TIMEOUT_MS;
    for (;;) {
      const job = await scrapeJob(id);
      if (job.status === status) return job;
      if (Date.now() > deadline) throw new Error(`job ${id} is ${job.status}, not ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('asks for the admin credentials; /metrics stays open to scrapers', async () => {
    const anonymous = await fetch(`${base}/admin/queues`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm="Scout queues"/);
    const wrong = await fetch(`${base}/admin/queues/api/queues`, {
      headers: { authorization: basic(ADMIN.username, 'not-the-password') },
    });
    expect(wrong.status).toBe(401);
    expect(
      (
        await fetch(`${base}/admin/queues/static/favicon.ico`, {
          headers: { authorization: basic('someone', ADMIN.password) },
        })
      ).status,
    ).toBe(401);

    const page = await fetch(`${base}/admin/queues`, {
      headers: { authorization: basic(ADMIN.username, ADMIN.password) },
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);

    const queues = await fetch(`${base}/admin/queues/api/queues`, {
      headers: { authorization: basic(ADMIN.username, ADMIN.password) },
    });
    expect(queues.status).toBe(200);
    const names = ((await queues.json()) as { queues: Array<{ name: string }> }).queues.map(
      (q) => q.name,
    );
    expect(names.sort()).toEqual(['maintenance', 'scrape']);

    expect((await fetch(`${base}/metrics`)).status).toBe(200);
    expect((await api.app.inject({ method: 'GET', url: '/admin/queues' })).statusCode).toBe(404);
  });

  it('retrying a failed scrape from the dashboard makes the scrape job succeed', async () => {
    const publicId = uniquePublicId('board');
    site.setFault(publicId, { malformed: true });
    const created = await api.app.inject({
      method: 'POST',
      url: '/v1/scrape-jobs',
      payload: { profile: publicId },
    });
    expect(created.statusCode).toBe(202);
    const id = created.json<Json>().id as string;
    const failed = await until(id, 'failed');
    expect(failed.error).toMatchObject({ code: 'PARSE_ERROR', retryable: false });
    site.clearFaults();

    browser = await launchChromium();
    const context = await browser.newContext({ httpCredentials: ADMIN });
    // Everything the board needs comes from the management port; nothing leaves the machine.
    await context.route(
      (url) => url.origin !== base,
      (route) => route.abort(),
    );
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);

    // The scrape queue lists the job under its failed jobs.
    await page.goto(`${base}/admin/queues/queue/scrape?status=failed`, {
      waitUntil: 'domcontentloaded',
    });
    await page.getByRole('heading', { name: 'scrape', exact: true }).waitFor();
    await page.getByRole('link', { name: id, exact: true }).waitFor();
    await page.getByText('PARSE_ERROR').first().waitFor();

    // Open the job and retry it (the board asks for confirmation).
    await page.getByRole('link', { name: id, exact: true }).click();
    await page.waitForURL(`**/admin/queues/queue/scrape/${id}**`);
    await page.getByText('Retry all').waitFor({ state: 'detached' });
    const retry = page.locator('button:has(svg.lucide-refresh-cw)');
    await retry.hover();
    await page.getByText('Retry', { exact: true }).waitFor();
    await retry.click();
    await page.getByText('Are you sure that you want to retry this job?').waitFor();
    const [retried] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/queues/scrape/${id}/retry`)),
      page.getByRole('button', { name: 'Confirm' }).click(),
    ]);
    expect(retried.status()).toBe(204);

    // Scout's own record follows: failed → queued → running → succeeded.
    const succeeded = await until(id, 'succeeded');
    expect(succeeded.error).toBeUndefined();
    expect(succeeded.result).toMatchObject({ profileId: expect.any(String) });
    expect(succeeded.transitions.map((t: Json) => t.status)).toEqual([
      'queued',
      'running',
      'failed',
      'queued',
      'running',
      'succeeded',
    ]);
    expect(succeeded.transitions[3]).toMatchObject({ note: 'retried from the queue' });
    const profile = await api.app.inject({ method: 'GET', url: `/v1/profiles/${publicId}` });
    expect(profile.statusCode).toBe(200);

    // And the board shows the job among the completed ones.
    await page.goto(`${base}/admin/queues/queue/scrape?status=completed`, {
      waitUntil: 'domcontentloaded',
    });
    await page.getByRole('link', { name: id, exact: true }).waitFor();
    const screenshot = artifactPath('queue-board-retried-job.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    process.stdout.write(`queue dashboard screenshot: ${screenshot}\n`);
  });

  it('a retried job whose target has a newer active job is skipped and stays failed', async () => {
    const auth = { authorization: basic(ADMIN.username, ADMIN.password) };
    const publicId = uniquePublicId('board');
    site.setFault(publicId, { malformed: true });
    const request = async () => {
      const response = await api.app.inject({
        method: 'POST',
        url: '/v1/scrape-jobs',
        payload: { profile: publicId },
      });
      expect(response.statusCode).toBe(202);
      return response.json<Json>().id as string;
    };
    const first = await request();
    await until(first, 'failed');

    // A newer job for the same target is running (slowly) when the old one is retried.
    site.setFault(publicId, { latencyMs: 6_000 });
    const second = await request();
    expect(second).not.toBe(first);
    await until(second, 'running');
    const retried = await fetch(`${base}/admin/queues/api/queues/scrape/${first}/retry`, {
      method: 'PUT',
      headers: auth,
    });
    expect(retried.status).toBe(204);

    const deadline = Date.now() + UI_TIMEOUT_MS;
    let state: Json;
    for (;;) {
      const response = await fetch(`${base}/admin/queues/api/queues/scrape/${first}`, {
        headers: auth,
      });
      state = (await response.json()) as Json;
      if (state.status === 'completed') break;
      if (Date.now() > deadline) throw new Error(`retried job is ${state.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(state.job.returnValue).toEqual({ skipped: 'job is no longer queued' });
    const old = await scrapeJob(first);
    expect(old.status).toBe('failed');
    expect(old.transitions.map((t: Json) => t.status)).toEqual(['queued', 'running', 'failed']);
    expect((await until(second, 'succeeded')).status).toBe('succeeded');
  });
});
