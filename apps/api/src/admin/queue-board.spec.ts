import { Logger } from '@nestjs/common';
import type { AppConfig } from '@scout/config';
import { startMetricsServer } from '@scout/observability';
import type { QueueOverview } from '@scout/scraping';
import { basicAuthMatches, QUEUE_BOARD_PATH, QueueBoard } from './queue-board';

const CREDENTIALS = { user: 'ops', password: 'a-long-enough-password' };

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

function board(admin: AppConfig['admin'], isProduction = false): QueueBoard {
  const config = { admin, isProduction } as unknown as AppConfig;
  const queue = { dashboardQueues: () => [] } as unknown as QueueOverview;
  return new QueueBoard(config, queue);
}

describe('basicAuthMatches', () => {
  it('accepts exactly the configured user and password', () => {
    expect(basicAuthMatches(basic('ops', CREDENTIALS.password), CREDENTIALS)).toBe(true);
    expect(basicAuthMatches(`basic  ${btoa(`ops:${CREDENTIALS.password}`)}`, CREDENTIALS)).toBe(
      true,
    );
  });

  it.each([
    ['no header', undefined],
    ['another scheme', `Bearer ${btoa(`ops:${CREDENTIALS.password}`)}`],
    ['a wrong password', basic('ops', 'a-long-enough-passwore')],
    ['a password prefix', basic('ops', 'a-long-enough')],
    ['a wrong user', basic('Ops', CREDENTIALS.password)],
    ['no colon', `Basic ${btoa(`ops${CREDENTIALS.password}`)}`],
    ['empty credentials', basic('', '')],
    ['garbage', 'Basic %%%'],
  ])('rejects %s', (_case, header) => {
    expect(basicAuthMatches(header, CREDENTIALS)).toBe(false);
  });

  it('keeps colons in the password', () => {
    const withColon = { user: 'ops', password: 'pass:word:with:colons' };
    expect(basicAuthMatches(basic('ops', withColon.password), withColon)).toBe(true);
  });
});

describe('QueueBoard', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  it('is not served when turned off', () => {
    expect(board({ queuesEnabled: false, ...CREDENTIALS }).routes()).toBeUndefined();
  });

  it('is not served in production without credentials, but is with them', () => {
    expect(board({ queuesEnabled: true }, true).routes()).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^queue dashboard not served/));
    expect(board({ queuesEnabled: true, ...CREDENTIALS }, true).routes()).toBeInstanceOf(Function);
  });

  it('is served without credentials outside production', async () => {
    const routes = board({ queuesEnabled: true }).routes();
    expect(routes).toBeInstanceOf(Function);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/without credentials/));
    const server = await startMetricsServer(
      { metrics: async () => 'up 1\n', contentType: 'text/plain' },
      { port: 0, host: '127.0.0.1' },
      routes ? [routes] : [],
    );
    try {
      expect((await fetch(`http://127.0.0.1:${server.port}${QUEUE_BOARD_PATH}`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('asks for credentials on every board path, never on /metrics', async () => {
    const routes = board({ queuesEnabled: true, ...CREDENTIALS }).routes();
    const server = await startMetricsServer(
      { metrics: async () => 'up 1\n', contentType: 'text/plain' },
      { port: 0, host: '127.0.0.1' },
      routes ? [routes] : [],
    );
    const base = `http://127.0.0.1:${server.port}`;
    try {
      for (const path of [QUEUE_BOARD_PATH, `${QUEUE_BOARD_PATH}/api/queues`]) {
        const denied = await fetch(`${base}${path}`);
        expect(denied.status).toBe(401);
        expect(denied.headers.get('www-authenticate')).toBe(
          'Basic realm="Scout queues", charset="UTF-8"',
        );
      }
      const page = await fetch(`${base}${QUEUE_BOARD_PATH}`, {
        headers: { authorization: basic(CREDENTIALS.user, CREDENTIALS.password) },
      });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>Scout queues</title>');
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toBe('up 1\n');
      expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
