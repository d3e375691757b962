import type { AppConfig } from '@scout/config';
import type { Response as UndiciResponse } from 'undici';
import { renderProfilePage } from '../../../test/fixtures/fake-site';
import { HttpProfileSource } from './http-profile-source';
import type { RobotsPolicy } from './robots.policy';
import { SiteConnections } from './site-connections';
import { FailureKind, ScrapeError } from './scrape-error';

const BASE = 'https://profiles.example';
const config = {
  scraping: {
    baseUrl: BASE,
    userAgent: 'ScoutTest/1.0',
    maxResponseBytes: 64 * 1024,
    timeoutMs: 1000,
    allowPrivateAddresses: false,
    htmlMaxDepth: 1_000,
    jsonLdMaxDepth: 32,
    jsonLdMaxNodes: 20_000,
    jsonLdMaxBlocks: 20,
    parseBudgetMs: 1_000,
  },
} as unknown as AppConfig;

type Responder = (url: string) => Response | Promise<Response>;
interface Sent {
  signal: AbortSignal;
  headers: Record<string, string>;
}

/** The site's connections replaced by a responder; records every URL asked for. No network. */
function stubFetch(responder: Responder): { urls: string[]; sent: Sent[] } {
  const urls: string[] = [];
  const sent: Sent[] = [];
  jest.spyOn(SiteConnections.prototype, 'get').mockImplementation(async (url, signal, headers) => {
    urls.push(url);
    sent.push({ signal, headers });
    // The WHATWG Response of Node's globals; the source reads it as undici's, which it mirrors.
    return (await responder(url)) as unknown as UndiciResponse;
  });
  return { urls, sent };
}

const html = (body: string, headers: Record<string, string> = {}): Response =>
  new Response(body, { status: 200, headers: { 'content-type': 'text/html', ...headers } });
const status = (code: number, headers: Record<string, string> = {}): Response =>
  code >= 200 && code <= 599
    ? new Response(null, { status: code, headers })
    : ({ status: code, headers: new Headers(headers), body: null } as unknown as Response);
const redirect = (location: string, code = 302): Response =>
  new Response(null, { status: code, headers: { location } });

const target = (publicId: string, url = `${BASE}/in/${publicId}`) => ({ publicId, url });

async function failure(promise: Promise<unknown>): Promise<ScrapeError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ScrapeError);
  return error as ScrapeError;
}

describe('HttpProfileSource', () => {
  const source = new HttpProfileSource(config);
  const signal = new AbortController().signal;

  afterEach(() => jest.restoreAllMocks());

  it('fetches the URL rebuilt from the publicId with the configured user agent', async () => {
    const { urls, sent } = stubFetch(() => html(renderProfilePage('ada-lovelace', BASE)));
    const profile = await source.fetch(target('ada-lovelace', 'http://evil.example/x'), signal);
    expect(profile.fullName).toBe('Ada Lovelace');
    expect(profile.url).toBe(`${BASE}/in/ada-lovelace`);
    expect(urls).toEqual([`${BASE}/in/ada-lovelace`]);
    expect(sent[0].signal).toBe(signal);
    expect(sent[0].headers['user-agent']).toBe('ScoutTest/1.0');
  });

  it('refuses an invalid publicId without a request', async () => {
    const { urls } = stubFetch(() => html(''));
    const error = await failure(source.fetch(target('../admin'), signal));
    expect(error.kind).toBe(FailureKind.InvalidTarget);
    expect(urls).toEqual([]);
  });

  it.each([
    [404, FailureKind.NotFound],
    [410, FailureKind.NotFound],
    [429, FailureKind.RateLimited],
    [401, FailureKind.Blocked],
    [403, FailureKind.Blocked],
    [999, FailureKind.Blocked],
    [500, FailureKind.Transient],
    [502, FailureKind.Transient],
    [503, FailureKind.Transient],
    [504, FailureKind.Transient],
    [408, FailureKind.Transient],
    [400, FailureKind.ParseError],
    [204, FailureKind.ParseError],
  ])('maps HTTP %i to %s', async (code, kind) => {
    stubFetch(() => status(code));
    const error = await failure(source.fetch(target('ada-lovelace'), signal));
    expect(error.kind).toBe(kind);
    expect(error.details.status).toBe(code);
  });

  it('carries Retry-After of a 429 (seconds or a date) and of a 503', async () => {
    stubFetch(() => status(429, { 'retry-after': '2' }));
    expect((await failure(source.fetch(target('ada-lovelace'), signal))).retryAfterMs).toBe(2000);
    jest.restoreAllMocks();
    stubFetch(() => status(429, { 'retry-after': new Date(Date.now() + 60_000).toUTCString() }));
    const dated = (await failure(source.fetch(target('ada-lovelace'), signal))).retryAfterMs;
    expect(dated).toBeGreaterThan(50_000);
    jest.restoreAllMocks();
    stubFetch(() => status(503, { 'retry-after': '7' }));
    expect((await failure(source.fetch(target('ada-lovelace'), signal))).retryAfterMs).toBe(7000);
  });

  it('follows a redirect to another profile on the site (absolute or relative)', async () => {
    const { urls } = stubFetch((url) => {
      if (url.endsWith('/in/old-name')) return redirect(`${BASE}/in/middle-name`, 301);
      if (url.endsWith('/in/middle-name')) return redirect('/in/new-name?trk=1', 308);
      return html(renderProfilePage('new-name', BASE));
    });
    const profile = await source.fetch(target('old-name'), signal);
    expect(urls).toEqual([`${BASE}/in/old-name`, `${BASE}/in/middle-name`, `${BASE}/in/new-name`]);
    expect(profile.publicId).toBe('new-name');
  });

  it.each([
    ['another host', 'https://evil.example/in/ada-lovelace'],
    ['an IP address', 'http://169.254.169.254/latest/meta-data/'],
    ['a downgrade to http', 'http://profiles.example/in/ada-lovelace'],
    ['a company page', '/company/acme'],
    ['a login page', '/login?next=/in/ada-lovelace'],
    ['user info', 'https://user@profiles.example/in/ada-lovelace'],
    ['another port', 'https://profiles.example:8443/in/ada-lovelace'],
    ['a javascript: URL', 'javascript:alert(1)'],
  ])('refuses a redirect to %s without following it', async (_label, location) => {
    const { urls } = stubFetch(() => redirect(location));
    const error = await failure(source.fetch(target('ada-lovelace'), signal));
    expect(error.kind).toBe(FailureKind.InvalidTarget);
    expect(urls).toEqual([`${BASE}/in/ada-lovelace`]);
  });

  it('stops after three redirects', async () => {
    let hop = 0;
    const { urls } = stubFetch(() => redirect(`/in/hop-${(hop += 1)}`));
    const error = await failure(source.fetch(target('ada-lovelace'), signal));
    expect(error.kind).toBe(FailureKind.InvalidTarget);
    expect(urls).toHaveLength(4);
  });

  it('does not follow a redirect to a profile robots.txt disallows', async () => {
    const robots = {
      assertKnownRulesAllow: (url: string) => {
        if (new URL(url).pathname.startsWith('/in/private-')) {
          throw new ScrapeError(FailureKind.Blocked, 'robots.txt disallows it');
        }
      },
    } as unknown as RobotsPolicy;
    const guarded = new HttpProfileSource(config, robots);
    const { urls } = stubFetch(() => redirect('/in/private-ada'));
    const error = await failure(guarded.fetch(target('ada-lovelace'), signal));
    expect(error.kind).toBe(FailureKind.Blocked);
    expect(urls).toEqual([`${BASE}/in/ada-lovelace`]);
  });

  it('treats a redirect without Location as PARSE_ERROR', async () => {
    stubFetch(() => new Response(null, { status: 302 }));
    expect((await failure(source.fetch(target('ada-lovelace'), signal))).kind).toBe(
      FailureKind.ParseError,
    );
  });

  it('refuses a page declared larger than maxResponseBytes without reading it', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    stubFetch(
      () =>
        new Response(body, {
          status: 200,
          headers: { 'content-type': 'text/html', 'content-length': String(10 * 1024 * 1024) },
        }),
    );
    const error = await failure(source.fetch(target('ada-lovelace'), signal));
    expect(error.kind).toBe(FailureKind.ParseError);
    expect(error.message).toMatch(/larger than 65536 bytes/);
    expect(pulled).toBeLessThanOrEqual(2);
  });

  it('stops reading a streamed page once it passes maxResponseBytes', async () => {
    let pulled = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(16 * 1024).fill(32));
      },
      cancel() {
        cancelled = true;
      },
    });
    stubFetch(() => new Response(body, { status: 200, headers: { 'content-type': 'text/html' } }));
    const error = await failure(source.fetch(target('ada-lovelace'), signal));
    expect(error.kind).toBe(FailureKind.ParseError);
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(10);
  });

  it('refuses answers that are not HTML', async () => {
    stubFetch(
      () => new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } }),
    );
    expect((await failure(source.fetch(target('ada-lovelace'), signal))).kind).toBe(
      FailureKind.ParseError,
    );
  });

  it('decodes the declared charset', async () => {
    const page = renderProfilePage('ada-lovelace', BASE).split('Ada Lovelace').join('Adé Lovelace');
    stubFetch(
      () =>
        new Response(Buffer.from(page, 'latin1'), {
          status: 200,
          headers: { 'content-type': 'text/html; charset=ISO-8859-1' },
        }),
    );
    const profile = await source.fetch(target('ada-lovelace'), signal);
    expect(profile.fullName).toBe('Adé Lovelace');
  });

  it('maps network errors to TRANSIENT with the error code', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    });
    jest
      .spyOn(SiteConnections.prototype, 'get')
      .mockRejectedValue(new TypeError('fetch failed', { cause: refused }));
    const error = await failure(source.fetch(target('ada-lovelace'), signal));
    expect(error.kind).toBe(FailureKind.Transient);
    expect(error.message).toBe('network error (ECONNREFUSED)');
  });

  it('rethrows the abort reason when the caller aborts', async () => {
    const controller = new AbortController();
    const reason = new Error('timed out by the policy');
    jest.spyOn(SiteConnections.prototype, 'get').mockImplementation(() => {
      controller.abort(reason);
      return Promise.reject(reason);
    });
    await expect(source.fetch(target('ada-lovelace'), controller.signal)).rejects.toBe(reason);
  });
});
