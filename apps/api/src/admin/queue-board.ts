import { hash, timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { Injectable, Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { AppConfig } from '@scout/config';
import type { ManagementRoutes } from '@scout/observability';
import { QueueOverview } from '@scout/scraping';

/** Where the dashboard lives on the management listener. */
export const QUEUE_BOARD_PATH = '/admin/queues';

const REALM = 'Scout queues';

/** HTTP Basic credentials the dashboard accepts. */
export interface BoardCredentials {
  user: string;
  password: string;
}

const digest = (value: string): Buffer => hash('sha256', value, 'buffer');

/**
 * Whether an `Authorization` header carries exactly these Basic credentials. Both sides are
 * hashed to equal-length digests before `timingSafeEqual`, so neither the comparison nor an early
 * length check tells a caller how much of a guess was right.
 */
export function basicAuthMatches(header: string | undefined, expected: BoardCredentials): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  const decoded = match ? Buffer.from(match[1], 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  const user = colon >= 0 ? decoded.slice(0, colon) : '';
  const password = colon >= 0 ? decoded.slice(colon + 1) : '';
  const userOk = timingSafeEqual(digest(user), digest(expected.user));
  const passwordOk = timingSafeEqual(digest(password), digest(expected.password));
  return match !== null && colon >= 0 && userOk && passwordOk;
}

/**
 * The BullMQ dashboard (bull-board) for admins, on the api's management listener only: a browser
 * cannot send Scout's API-key header, so the board stays off the public port and sits behind HTTP
 * Basic credentials from config. It shows the very queues the producers write to (through
 * `QueueOverview`), so names and `queue.prefix` always agree. Production without credentials does not serve it at all.
 */
@Injectable()
export class QueueBoard {
  private readonly logger = new Logger('QueueBoard');

  constructor(
    private readonly config: AppConfig,
    private readonly queue: QueueOverview,
  ) {}

  /** The routes to mount beside `/metrics`, or undefined when the board must not be served. */
  routes(): ManagementRoutes | undefined {
    const { queuesEnabled, user, password } = this.config.admin;
    if (!queuesEnabled) return undefined;
    const credentials = user !== undefined && password !== undefined ? { user, password } : null;
    if (!credentials && this.config.isProduction) {
      this.logger.warn(
        'queue dashboard not served: set ADMIN_USER and ADMIN_PASSWORD to enable it in production',
      );
      return undefined;
    }
    if (!credentials) {
      this.logger.warn('queue dashboard served without credentials (ADMIN_USER/ADMIN_PASSWORD)');
    }
    const adapter = new FastifyAdapter();
    adapter.setBasePath(QUEUE_BOARD_PATH);
    createBullBoard({
      queues: this.queue.dashboardQueues().map((queue) => new BullMQAdapter(queue)),
      serverAdapter: adapter,
      options: { uiConfig: { boardTitle: REALM } },
    });
    return async (app: FastifyInstance) => {
      if (credentials) {
        app.addHook('onRequest', async (request, reply) => {
          if (basicAuthMatches(request.headers.authorization, credentials)) return;
          return reply
            .code(401)
            .header('www-authenticate', `Basic realm="${REALM}", charset="UTF-8"`)
            .type('text/plain; charset=utf-8')
            .send('Unauthorized\n');
        });
      }
      await app.register(adapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
    };
  }
}
