import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HostResolver } from '@scout/common';
import type { AppConfig } from '@scout/config';
import type { OutboundPolicy } from '@scout/resilience';
import { renderProfilePage } from '../../../test/fixtures/fake-site';
import { HttpProfileSource } from './http-profile-source';
import { RobotsPolicy } from './robots.policy';
import { FailureKind, ScrapeError } from './scrape-error';
import { ScraperStats } from './scraper.stats';
import { SiteConnections } from './site-connections';

/** The site's name: it exists in no DNS, so a connection can only use the guard's answer. */
const SITE = 'profiles.test';

function configFor(baseUrl: string, allowPrivateAddresses: boolean): AppConfig {
  return {
    scraping: {
      baseUrl,
      userAgent: 'ScoutTest/1.0',
      timeoutMs: 2_000,
      maxResponseBytes: 2 * 1024 * 1024,
      respectRobots: true,
      robotsTtlMs: 60_000,
      allowPrivateAddresses,
      htmlMaxDepth: 1_000,
      jsonLdMaxDepth: 32,
      jsonLdMaxNodes: 20_000,
      jsonLdMaxBlocks: 20,
      parseBudgetMs: 60_000, // not under test here: a loaded machine must not exhaust it
    },
  } as unknown as AppConfig;
}

/** Answers `address` for every name, recording the names asked. */
function resolverAnswering(address: string): { resolver: HostResolver; asked: string[] } {
  const asked: string[] = [];
  const resolver: HostResolver = async (hostname) => {
    asked.push(hostname);
    return [{ address, family: 4 }];
  };
  return { resolver, asked };
}

const passThrough = {
  execute: (_host: string, work: (signal: AbortSignal) => Promise<unknown>) =>
    work(new AbortController().signal),
} as unknown as OutboundPolicy;

async function failure(promise: Promise<unknown>): Promise<ScrapeError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ScrapeError);
  return error as ScrapeError;
}

/**
 * The scraper's requests over real local connections: the site's name is resolved only by the
 * outbound guard, and every connection goes to the address it checked.
 */
describe('SiteConnections: the scraper connects only where the outbound guard allowed', () => {
  let server: Server;
  let port: number;
  /** The local address of each connection the site accepted, and the paths it was asked. */
  let connections: string[];
  let paths: string[];
  let pages: Record<string, (origin: string) => { status: number; body: string; type?: string }>;

  beforeAll(async () => {
    server = createServer((request, response) => {
      paths.push(request.url ?? '');
      const origin = `http://${request.headers.host ?? ''}`;
      const page = pages[request.url ?? '']?.(origin) ?? { status: 404, body: 'not found' };
      response.writeHead(page.status, {
        'content-type': page.type ?? 'text/html; charset=utf-8',
        ...(page.status === 301 ? { location: page.body } : {}),
      });
      response.end(page.status === 301 ? '' : page.body);
    });
    server.on('connection', (socket) => connections.push(socket.localAddress ?? ''));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  beforeEach(() => {
    connections = [];
    paths = [];
    pages = {
      '/robots.txt': () => ({ status: 200, body: 'User-agent: *\nAllow: /\n', type: 'text/plain' }),
      '/in/ada-old': () => ({ status: 301, body: '/in/ada-lovelace' }),
      '/in/ada-lovelace': (origin) => ({
        status: 200,
        body: renderProfilePage('ada-lovelace', origin),
      }),
    };
  });

  afterEach(() => server.closeAllConnections());

  afterAll(async () => {
    server.close();
    await once(server, 'close');
  });

  const target = (publicId: string) => ({ publicId, url: `http://${SITE}:${port}/in/${publicId}` });

  it('resolves the name through the guard for robots.txt, the page and its redirect, and connects to that address', async () => {
    const config = configFor(`http://${SITE}:${port}`, true);
    const { resolver, asked } = resolverAnswering('127.0.0.1');
    const site = new SiteConnections(config, resolver);
    const robots = new RobotsPolicy(config, passThrough, new ScraperStats(), site);
    const source = new HttpProfileSource(config, robots, undefined, site);
    try {
      await robots.assertAllowed(target('ada-old'));
      const profile = await source.fetch(target('ada-old'), new AbortController().signal);
      expect(profile.fullName).toBe('Ada Lovelace');
      expect(paths).toEqual(['/robots.txt', '/in/ada-old', '/in/ada-lovelace']);
      // One check per connection opened, each connection to the address checked.
      expect(connections.length).toBeGreaterThan(0);
      expect(connections.every((address) => address === '127.0.0.1')).toBe(true);
      expect(asked).toEqual(connections.map(() => SITE));
    } finally {
      await site.close();
    }
  });

  it('refuses a site name resolving to a private address as INVALID_TARGET, without connecting', async () => {
    const config = configFor(`http://${SITE}:${port}`, false);
    const site = new SiteConnections(config, resolverAnswering('127.0.0.1').resolver);
    const stats = new ScraperStats();
    const robots = new RobotsPolicy(config, passThrough, stats, site);
    const source = new HttpProfileSource(config, undefined, undefined, site);
    try {
      const page = await failure(
        source.fetch(target('ada-lovelace'), new AbortController().signal),
      );
      expect(page.kind).toBe(FailureKind.InvalidTarget);
      expect(page.message).toBe(
        `${SITE} resolves to a non-public address, and private addresses are not allowed`,
      );
      expect((await failure(robots.assertAllowed(target('ada-lovelace')))).kind).toBe(
        FailureKind.InvalidTarget,
      );
      expect(connections).toEqual([]);
    } finally {
      await site.close();
    }
  });

  it('maps SCRAPER_ALLOW_PRIVATE_ADDRESSES to the guard, for IP literals too', async () => {
    const refused = new HttpProfileSource(configFor(`http://127.0.0.1:${port}`, false));
    const allowed = new HttpProfileSource(configFor(`http://127.0.0.1:${port}`, true));
    try {
      const signal = new AbortController().signal;
      const error = await failure(refused.fetch(target('ada-lovelace'), signal));
      expect(error.kind).toBe(FailureKind.InvalidTarget);
      expect(connections).toEqual([]);
      expect((await allowed.fetch(target('ada-lovelace'), signal)).fullName).toBe('Ada Lovelace');
      expect(connections).toEqual(['127.0.0.1']);
    } finally {
      await refused.onApplicationShutdown();
      await allowed.onApplicationShutdown();
    }
  });

  it('refuses a redirect to another host without resolving or requesting it', async () => {
    pages['/in/ada-lovelace'] = () => ({ status: 301, body: `http://other.test:${port}/in/ada` });
    const config = configFor(`http://${SITE}:${port}`, true);
    const { resolver, asked } = resolverAnswering('127.0.0.1');
    const site = new SiteConnections(config, resolver);
    const source = new HttpProfileSource(config, undefined, undefined, site);
    try {
      const error = await failure(
        source.fetch(target('ada-lovelace'), new AbortController().signal),
      );
      expect(error.kind).toBe(FailureKind.InvalidTarget);
      expect(paths).toEqual(['/in/ada-lovelace']);
      expect(asked).toEqual([SITE]);
    } finally {
      await site.close();
    }
  });

  it('refuses hostile pages as PARSE_ERROR and goes on reading ordinary ones', async () => {
    const hostile: Record<string, string> = {
      '/in/deep-json': `<script type="application/ld+json">${'['.repeat(10_000)}${']'.repeat(10_000)}</script>`,
      '/in/wide-json': `<script type="application/ld+json">${JSON.stringify(Array.from({ length: 100_000 }, () => 0))}</script>`,
      '/in/many-scripts': '<script type="application/ld+json">{}</script>'.repeat(1_000),
      '/in/deep-markup': '<div>'.repeat(100_000),
    };
    for (const [path, body] of Object.entries(hostile)) {
      pages[path] = () => ({ status: 200, body: `<h1 class="profile-name">Ada</h1>${body}` });
    }
    const config = configFor(`http://${SITE}:${port}`, true);
    const site = new SiteConnections(config, resolverAnswering('127.0.0.1').resolver);
    const source = new HttpProfileSource(config, undefined, undefined, site);
    const signal = new AbortController().signal;
    try {
      const messages: string[] = [];
      for (const path of Object.keys(hostile)) {
        const error = await failure(source.fetch(target(path.slice(4)), signal));
        expect(error.kind).toBe(FailureKind.ParseError);
        messages.push(error.message);
      }
      expect(messages).toEqual([
        'page refused: JSON-LD nested deeper than 32 levels',
        'page refused: JSON-LD holds more than 20000 values',
        'page refused: more than 20 JSON-LD scripts',
        'page refused: markup nested deeper than 1000 elements',
      ]);
      expect((await source.fetch(target('ada-lovelace'), signal)).fullName).toBe('Ada Lovelace');
    } finally {
      await site.close();
    }
  });
});
