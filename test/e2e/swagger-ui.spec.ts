import { Script } from 'node:vm';
import type { Browser } from 'playwright-core';
import { createScoutClient } from '@scout/client';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { type AppProcess, startApp, waitForListening } from '../support/app-process';
import { artifactPath, launchChromium } from '../support/browser';
import { uniquePublicId } from '../support/factories';

jest.setTimeout(180_000);

const UI_TIMEOUT_MS = 60_000;

/** Swagger UI as a reader uses it: a real browser against the api as a real process. */
describe('Swagger UI at /docs', () => {
  let setup: ApiHarness;
  let api: AppProcess;
  let base: string;
  let browser: Browser | undefined;

  beforeAll(async () => {
    // In-process only to sync indexes and mint a key in the database the process serves.
    setup = await startApiHarness();
    api = await startApp(setup.env);
    await waitForListening(api);
    base = `http://127.0.0.1:${api.port}`;
  });

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    await setup?.close();
  });

  it('serves an init script that is valid JavaScript', async () => {
    // The document is pasted into this script with String#replace, so `$'`, `$\``, `$&` or `$$`
    // anywhere in the document's text corrupt it and /docs renders blank.
    const response = await fetch(`${base}/docs/swagger-ui-init.js`);
    expect(response.status).toBe(200);
    const script = await response.text();
    expect(() => new Script(script, { filename: 'swagger-ui-init.js' })).not.toThrow();
    expect(script).toContain('"title": "Scout API"');
  });

  it('authorizes with an API key and runs GET /v1/profiles with "Try it out" → "Execute"', async () => {
    const publicId = uniquePublicId('swagger');
    const client = createScoutClient({ baseUrl: base, apiKey: setup.apiKey });
    // "Try it out" fills in the parameters' examples (skill, country, q): this profile matches.
    await client.POST('/v1/profiles', {
      body: {
        publicId,
        fullName: 'Ada Lovelace',
        skills: ['typescript'],
        location: { country: 'DE' },
      },
    });

    browser = await launchChromium();
    const context = await browser.newContext();
    // Swagger UI's assets come from the api itself; nothing leaves the machine.
    await context.route(
      (url) => url.origin !== base,
      (route) => route.abort(),
    );
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(`${base}/docs`, { waitUntil: 'domcontentloaded' });

    // Authorize: the key goes into the bearer scheme's field.
    await page.locator('button.authorize').first().click();
    const dialog = page.locator('.modal-ux');
    const bearer = dialog.locator('.auth-container').filter({ hasText: 'bearer' }).first();
    await bearer.locator('input').fill(setup.apiKey ?? '');
    await bearer.locator('button.authorize').click();
    await bearer.getByText('Authorized', { exact: true }).waitFor();
    await dialog.locator('button.close-modal').click();

    // Open GET /v1/profiles, try it out, execute.
    const operation = page.locator('.opblock-get').filter({
      has: page.locator('[data-path="/v1/profiles"]'),
    });
    await operation.locator('.opblock-summary').first().click();
    await operation.locator('button.try-out__btn').click();
    const [answer] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/profiles'),
      operation.locator('button.execute').click(),
    ]);
    expect(answer.status()).toBe(200);
    expect(await answer.request().headerValue('authorization')).toBe(`Bearer ${setup.apiKey}`);
    expect(new URL(answer.url()).searchParams.get('skill')).toBe('typescript');

    // The UI shows the live answer: status 200 and the profile created above.
    const live = operation.locator('.live-responses-table');
    const status = live.locator('tr.response .response-col_status');
    await status.waitFor();
    expect((await status.innerText()).trim()).toBe('200');
    const body = await live.locator('tr.response .response-col_description').innerText();
    expect(body).toContain(publicId);
    const screenshot = artifactPath('swagger-ui-try-it-out.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    process.stdout.write(`Swagger UI screenshot: ${screenshot}\n`);
  });
});
