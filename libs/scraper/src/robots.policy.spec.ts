import type { AppConfig } from '@scout/config';
import type { OutboundPolicy } from '@scout/resilience';
import type { Response as UndiciResponse } from 'undici';
import { RobotsPolicy } from './robots.policy';
import { FailureKind, ScrapeError } from './scrape-error';
import { ScraperStats } from './scraper.stats';
import { SiteConnections } from './site-connections';

const BASE = 'https://profiles.example';
const HOST = 'profiles.example';
const TTL_MS = 60_000;

function configWith(respectRobots = true): AppConfig {
  return {
    scraping: {
      baseUrl: BASE,
      userAgent: 'ScoutBot/0.1 (+https://scout.example)',
      respectRobots,
      robotsTtlMs: TTL_MS,
      timeoutMs: 1_000,
      allowPrivateAddresses: false,
    },
  } as unknown as AppConfig;
}

/** An outbound policy that runs the work once, with no limits: the cache is under test here. */
const passThrough = {
  execute: (_host: string, work: (signal: AbortSignal) => Promise<unknown>) =>
    work(new AbortController().signal),
} as unknown as OutboundPolicy;

type Responder = (url: string) => Response | Promise<Response>;

/** The site's connections replaced by a responder; records every request. No network. */
function stubFetch(responder: Responder): { urls: string[]; headers: Headers[] } {
  const urls: string[] = [];
  const headers: Headers[] = [];
  jest.spyOn(SiteConnections.prototype, 'get').mockImplementation(async (url, _signal, sent) => {
    urls.push(url);
    headers.push(new Headers(sent));
    // The WHATWG Response of Node's globals; the policy reads it as undici's, which it mirrors.
    return (await responder(url)) as unknown as UndiciResponse;
  });
  return { urls, headers };
}

const text = (body: string) =>
  new Response(body, { status: 200, headers: { 'content-type': 'text/plain' } });
const status = (code: number, headers: Record<string, string> = {}) =>
  new Response(null, { status: code, headers });
const redirect = (location: string) => new Response(null, { status: 301, headers: { location } });
const target = (publicId: string) => ({ publicId, url: `${BASE}/in/${publicId}` });

function setup(respectRobots = true) {
  const stats = new ScraperStats();
  const policy = new RobotsPolicy(configWith(respectRobots), passThrough, stats);
  const fetched = (outcome: 'rules' | 'none' | 'unreachable') =>
    stats.snapshot().hosts[HOST]?.robotsFetches[outcome] ?? 0;
  return { policy, stats, fetched };
}

async function rejection(promise: Promise<unknown>): Promise<ScrapeError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ScrapeError);
  return error as ScrapeError;
}

afterEach(() => {
  jest.restoreAllMocks();
  jest.useRealTimers();
});

describe('RobotsPolicy', () => {
  it('asks /robots.txt of the configured origin with our user agent, and refuses disallowed paths as BLOCKED', async () => {
    const { urls, headers } = stubFetch(() =>
      text('User-agent: *\nAllow: /\n\nUser-agent: ScoutBot\nDisallow: /in/private-\n'),
    );
    const { policy, stats, fetched } = setup();

    await expect(policy.assertAllowed(target('ada-lovelace'))).resolves.toBeUndefined();
    const error = await rejection(policy.assertAllowed(target('private-ada')));
    expect(error.kind).toBe(FailureKind.Blocked);
    expect(error.message).toBe('robots.txt disallows /in/private-ada for ScoutBot');

    expect(urls).toEqual([`${BASE}/robots.txt`]);
    expect(headers[0].get('user-agent')).toBe('ScoutBot/0.1 (+https://scout.example)');
    expect(fetched('rules')).toBe(1);
    expect(stats.snapshot().hosts[HOST].robotsDisallowed).toBe(1);
  });

  it('shares one in-flight download among concurrent callers', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { urls } = stubFetch(async () => {
      await gate;
      return text('User-agent: *\nDisallow: /in/x-\n');
    });
    const { policy } = setup();

    const checks = Array.from({ length: 50 }, (_, i) =>
      policy.assertAllowed(target(`person-${i}`)).then(
        () => 'allowed',
        () => 'refused',
      ),
    );
    const refused = policy.assertAllowed(target('x-ray')).then(
      () => 'allowed',
      () => 'refused',
    );
    release();

    expect(new Set(await Promise.all(checks))).toEqual(new Set(['allowed']));
    expect(await refused).toBe('refused');
    expect(urls).toHaveLength(1);
  });

  it('keeps the rules for the TTL, then downloads them again', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    let body = 'User-agent: *\nAllow: /\n';
    const { urls } = stubFetch(() => text(body));
    const { policy } = setup();

    await policy.assertAllowed(target('ada-lovelace'));
    body = 'User-agent: *\nDisallow: /\n';
    jest.advanceTimersByTime(TTL_MS - 1);
    await policy.assertAllowed(target('ada-lovelace'));
    expect(urls).toHaveLength(1);

    jest.advanceTimersByTime(2);
    const error = await rejection(policy.assertAllowed(target('ada-lovelace')));
    expect(error.kind).toBe(FailureKind.Blocked);
    expect(urls).toHaveLength(2);
  });

  it('treats a 4xx answer as no rules: everything allowed', async () => {
    stubFetch(() => status(404));
    const { policy, fetched } = setup();
    await expect(policy.assertAllowed(target('ada-lovelace'))).resolves.toBeUndefined();
    expect(fetched('none')).toBe(1);
  });

  it('treats 5xx and network errors as unreachable: TRANSIENT, and not cached', async () => {
    const answers: Array<() => Response> = [
      () => status(503, { 'retry-after': '3' }),
      () => {
        throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
      },
      () => text('User-agent: *\nAllow: /\n'),
    ];
    const { urls } = stubFetch(() => answers[urls.length - 1]());
    const { policy, fetched } = setup();

    const unavailable = await rejection(policy.assertAllowed(target('ada-lovelace')));
    expect(unavailable).toMatchObject({
      kind: FailureKind.Transient,
      message: 'robots.txt unreachable (HTTP 503)',
      retryAfterMs: 3000,
    });
    const refused = await rejection(policy.assertAllowed(target('ada-lovelace')));
    expect(refused.kind).toBe(FailureKind.Transient);
    expect(refused.message).toMatch(/ECONNREFUSED/);
    await expect(policy.assertAllowed(target('ada-lovelace'))).resolves.toBeUndefined();
    expect(fetched('unreachable')).toBe(2);
    expect(fetched('rules')).toBe(1);
  });

  it('maps 429 to RATE_LIMITED with its Retry-After', async () => {
    stubFetch(() => status(429, { 'retry-after': '7' }));
    const { policy } = setup();
    const error = await rejection(policy.assertAllowed(target('ada-lovelace')));
    expect(error).toMatchObject({ kind: FailureKind.RateLimited, retryAfterMs: 7000 });
  });

  it('follows redirects within the site only; one leaving it means no rules', async () => {
    const same = stubFetch((url) =>
      url === `${BASE}/robots.txt`
        ? redirect('/site/robots.txt')
        : text('User-agent: *\nDisallow: /\n'),
    );
    const { policy } = setup();
    await expect(rejection(policy.assertAllowed(target('ada-lovelace')))).resolves.toMatchObject({
      kind: FailureKind.Blocked,
    });
    expect(same.urls).toEqual([`${BASE}/robots.txt`, `${BASE}/site/robots.txt`]);
    jest.restoreAllMocks();

    const away = stubFetch(() => redirect('https://elsewhere.example/robots.txt'));
    const other = setup().policy;
    await expect(other.assertAllowed(target('ada-lovelace'))).resolves.toBeUndefined();
    expect(away.urls).toEqual([`${BASE}/robots.txt`]);
  });

  it('never asks for robots.txt when it is not respected', async () => {
    const { urls } = stubFetch(() => text('User-agent: *\nDisallow: /\n'));
    const { policy } = setup(false);
    await expect(policy.assertAllowed(target('ada-lovelace'))).resolves.toBeUndefined();
    expect(() => policy.assertKnownRulesAllow(`${BASE}/in/ada-lovelace`)).not.toThrow();
    expect(urls).toEqual([]);
  });

  it('checks a later URL (a redirect) against the rules already known', async () => {
    stubFetch(() => text('User-agent: *\nDisallow: /in/private-\n'));
    const { policy } = setup();
    expect(() => policy.assertKnownRulesAllow(`${BASE}/in/private-ada`)).not.toThrow();
    await policy.assertAllowed(target('ada-lovelace'));
    expect(() => policy.assertKnownRulesAllow(`${BASE}/in/private-ada`)).toThrow(
      'robots.txt disallows /in/private-ada for ScoutBot',
    );
  });
});
