import { parseTarget } from '@scout/profiles';
import {
  FailureKind,
  HttpProfileSource,
  parseProfilePage,
  ScrapeError,
  type ScrapedProfile,
} from '@scout/scraper';
import { type FakeSite, renderProfilePage, startFakeSite } from '../fixtures/fake-site';
import { testConfig } from '../support/test-env';

jest.setTimeout(30_000);

/**
 * HttpProfileSource against the real fake site over HTTP: every status mapping, the byte cap,
 * redirects, hangs and outages, as the worker will meet them.
 */
describe('HttpProfileSource against the fake profile site', () => {
  let site: FakeSite;
  let otherHost: FakeSite;
  let source: HttpProfileSource;
  const MAX_BYTES = 256 * 1024;

  beforeAll(async () => {
    site = await startFakeSite();
    otherHost = await startFakeSite();
    source = new HttpProfileSource(
      testConfig({ SCRAPER_BASE_URL: site.url, SCRAPER_MAX_RESPONSE_BYTES: String(MAX_BYTES) }),
    );
  });

  afterEach(() => {
    site.clearFaults();
    site.resetCounts();
    otherHost.clearFaults();
    otherHost.resetCounts();
  });

  afterAll(async () => {
    await site?.close();
    await otherHost?.close();
  });

  const scrape = (publicId: string, signal = new AbortController().signal) =>
    source.fetch(parseTarget(publicId, site.url), signal);

  async function failure(promise: Promise<ScrapedProfile>): Promise<ScrapeError> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ScrapeError);
    return error as ScrapeError;
  }

  it('parses a 200 page into the profile the page shows', async () => {
    const profile = await scrape('ada-lovelace');
    const target = parseTarget('ada-lovelace', site.url);
    expect(profile).toEqual(parseProfilePage(renderProfilePage('ada-lovelace', site.url), target));
    expect(profile.fullName).toBe('Ada Lovelace');
    expect(profile.currentCompany?.url).toMatch(new RegExp(`^${site.url}/company/`));
    expect(site.requests('ada-lovelace')).toBe(1);
    expect(site.requests()).toBe(1);
  });

  it('parses the markup of pages without JSON-LD into the same data', async () => {
    const plain = await scrape('grace-hopper');
    const fallback = await scrape('nojsonld-grace-hopper');
    expect(fallback.fullName).toBe('Grace Hopper');
    expect(fallback.experiences).toEqual(plain.experiences);
    expect(fallback.skills).toEqual(plain.skills);
  });

  it('gives an unchanged page the same content hash on every fetch', async () => {
    const [first, second] = [await scrape('alan-turing'), await scrape('alan-turing')];
    expect(second.contentHash).toBe(first.contentHash);
    expect((await scrape('grace-hopper')).contentHash).not.toBe(first.contentHash);
  });

  it('maps 404 to NOT_FOUND after exactly one request', async () => {
    const error = await failure(scrape('missing-someone'));
    expect(error.kind).toBe(FailureKind.NotFound);
    expect(error.details.status).toBe(404);
    expect(site.requests('missing-someone')).toBe(1);
    expect(site.requests()).toBe(1);
  });

  it('maps 503 to TRANSIENT', async () => {
    site.setFault('*', { status: 503 });
    const error = await failure(scrape('ada-lovelace'));
    expect(error.kind).toBe(FailureKind.Transient);
    expect(error.details.status).toBe(503);
  });

  it('maps 429 with Retry-After: 2 to RATE_LIMITED after 2000 ms', async () => {
    site.setFault('busy-*', { status: 429, retryAfterSeconds: 2 });
    const error = await failure(scrape('busy-profile'));
    expect(error.kind).toBe(FailureKind.RateLimited);
    expect(error.retryAfterMs).toBe(2000);
  });

  it('maps HTTP 999 and a login wall to BLOCKED', async () => {
    site.setFault('wall-999-*', { blocked: 'http999' });
    site.setFault('wall-login-*', { blocked: 'authwall' });
    const status999 = await failure(scrape('wall-999-x'));
    expect(status999.kind).toBe(FailureKind.Blocked);
    expect(status999.details.status).toBe(999);
    expect((await failure(scrape('wall-login-x'))).kind).toBe(FailureKind.Blocked);
  });

  it('maps a malformed page to PARSE_ERROR', async () => {
    site.setFault('broken-*', { malformed: true });
    expect((await failure(scrape('broken-page'))).kind).toBe(FailureKind.ParseError);
  });

  it('rejects promptly when the signal aborts a request that hangs', async () => {
    site.setFault('hang-*', { hang: true });
    const started = Date.now();
    await expect(scrape('hang-forever', AbortSignal.timeout(200))).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1500);
    expect(site.requests('hang-forever')).toBe(1);
  });

  it('waits out latency within the signal', async () => {
    site.setFault('slow-*', { latencyMs: 300 });
    const started = Date.now();
    await expect(scrape('slow-profile')).resolves.toMatchObject({ publicId: 'slow-profile' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('maps a site that is down to TRANSIENT (connection refused), and recovers when it is up', async () => {
    await scrape('ada-lovelace'); // leaves a keep-alive connection behind
    await site.down();
    try {
      const error = await failure(scrape('ada-lovelace'));
      expect(error.kind).toBe(FailureKind.Transient);
      expect(error.message).toMatch(/ECONNREFUSED/);
    } finally {
      await site.up();
    }
    await expect(scrape('ada-lovelace')).resolves.toMatchObject({ fullName: 'Ada Lovelace' });
  });

  it('refuses an oversized page without reading it all', async () => {
    site.setFault('huge-*', { hugeBody: true });
    const started = Date.now();
    const error = await failure(scrape('huge-page'));
    expect(error.kind).toBe(FailureKind.ParseError);
    expect(error.message).toMatch(/larger than/);
    expect(Date.now() - started).toBeLessThan(5000);
    // The site stops streaming once we hang up: far less than its 512 MiB was ever sent.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const sent = site.hugeBytesSent();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(site.hugeBytesSent()).toBe(sent);
    expect(sent).toBeLessThan(32 * 1024 * 1024);
  });

  it('refuses a redirect to another host without a request to it', async () => {
    site.setFault('moved-*', { redirectTo: `${otherHost.url}/in/ada-lovelace` });
    const error = await failure(scrape('moved-away'));
    expect(error.kind).toBe(FailureKind.InvalidTarget);
    expect(site.requests('moved-away')).toBe(1);
    expect(otherHost.requests()).toBe(0);
  });

  it('follows a redirect to another profile on the site', async () => {
    site.setFault('renamed-*', { redirectTo: '/in/ada-lovelace', status: 301 });
    const profile = await scrape('renamed-ada');
    expect(profile.publicId).toBe('ada-lovelace');
    expect(site.requests('renamed-ada')).toBe(1);
    expect(site.requests('ada-lovelace')).toBe(1);
  });

  it('serves two 503s and then the page with failTimes: 2', async () => {
    site.setFault('flaky-*', { status: 503, failTimes: 2 });
    expect((await failure(scrape('flaky-one'))).kind).toBe(FailureKind.Transient);
    expect((await failure(scrape('flaky-one'))).kind).toBe(FailureKind.Transient);
    await expect(scrape('flaky-one')).resolves.toMatchObject({ publicId: 'flaky-one' });
    expect(site.requests('flaky-one')).toBe(3);
  });

  describe('the fake site', () => {
    it('applies a seeded failure rate, the same on every run', async () => {
      const outcomes = async (): Promise<string> => {
        site.setFault('*', { status: 503, rate: 0.5 });
        let result = '';
        for (let index = 0; index < 20; index += 1) {
          result += await scrape('ada-lovelace').then(
            () => 'o',
            () => 'x',
          );
        }
        return result;
      };
      const first = await outcomes();
      expect(first).toMatch(/o/);
      expect(first).toMatch(/x/);
      expect(await outcomes()).toBe(first);
    });

    it('lets a specific pattern win over the global one', async () => {
      site.setFault('*', { status: 503 });
      site.setFault('ok-*', {});
      await expect(scrape('ok-profile')).resolves.toMatchObject({ publicId: 'ok-profile' });
      expect((await failure(scrape('other-profile'))).kind).toBe(FailureKind.Transient);
    });

    it('takes faults and reports counts over HTTP for other processes', async () => {
      const control = (method: string, path: string, body?: unknown) =>
        fetch(`${site.url}/__control/${path}`, {
          method,
          headers: { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      expect(
        (await control('POST', 'faults', { pattern: 'ctl-*', fault: { status: 503 } })).status,
      ).toBe(204);
      expect((await failure(scrape('ctl-x'))).kind).toBe(FailureKind.Transient);
      const stats = (await (await control('GET', 'stats')).json()) as {
        total: number;
        byPublicId: Record<string, number>;
      };
      expect(stats).toMatchObject({ total: 1, byPublicId: { 'ctl-x': 1 } });
      expect((await control('DELETE', 'faults')).status).toBe(204);
      await expect(scrape('ctl-x')).resolves.toMatchObject({ publicId: 'ctl-x' });
      expect((await control('POST', 'reset')).status).toBe(204);
      expect(site.requests()).toBe(0);
      expect((await control('POST', 'faults', { pattern: 'x', fault: { nope: 1 } })).status).toBe(
        400,
      );
      expect((await control('POST', 'faults', { fault: {} })).status).toBe(400);
    });

    it('serves company pages and 404s for what it does not know', async () => {
      const company = await fetch(`${site.url}/company/acme`);
      expect(company.status).toBe(200);
      expect(await company.text()).toContain('Acme Corporation');
      expect((await fetch(`${site.url}/company/nope`)).status).toBe(404);
      expect((await fetch(`${site.url}/in/Not_Valid`)).status).toBe(404);
      expect((await fetch(`${site.url}/elsewhere`)).status).toBe(404);
    });
  });
});
