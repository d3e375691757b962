import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { AppConfig } from '@scout/config';

/**
 * A connection to Redis as Scout configures it: one endpoint (or a Sentinel-found primary) or a
 * Redis Cluster. Both speak the same commands; code that needs one node's view (SCAN, INFO)
 * walks `nodes('master')` on a cluster.
 */
export type RedisConnection = Redis | Cluster;

/** Host and port of one node in a comma-separated `REDIS_URL` list. */
interface Seed {
  host: string;
  port: number;
}

/** The connection parts of one `redis://` URL that apply to every node of a list. */
function parseNodeUrl(raw: string): { seed: Seed; options: RedisOptions } {
  const url = new URL(raw);
  const options: RedisOptions = {};
  if (url.username) options.username = decodeURIComponent(url.username);
  if (url.password) options.password = decodeURIComponent(url.password);
  if (url.protocol === 'rediss:') options.tls = { servername: url.hostname };
  const db = Number(url.pathname.slice(1));
  if (Number.isInteger(db) && db > 0) options.db = db;
  return { seed: { host: url.hostname, port: Number(url.port || 6379) }, options };
}

/** DI token of the process's shared Redis client. */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** Injects the shared Redis client. */
export const InjectRedis = (): ParameterDecorator => Inject(REDIS_CLIENT);

const QUIT_TIMEOUT_MS = 1_000;

/**
 * The one place Redis clients are made, so every client gets the same bounded reconnect
 * backoff, fail-fast behaviour while disconnected, a deadline on every command
 * (`redis.commandTimeoutMs`, so a frozen Redis never holds a request), rate-limited error
 * logging, and is closed on shutdown. Consumers with special needs (BullMQ's blocking worker
 * connection wants `maxRetriesPerRequest: null` and no command deadline) pass overrides instead
 * of building their own client.
 */
@Injectable()
export class RedisClientFactory implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly clients = new Set<RedisConnection>();

  constructor(private readonly config: AppConfig) {}

  /** Backoff between reconnects: doubles from 50 ms up to the configured cap, forever. */
  static reconnectDelay(attempt: number, maxDelayMs: number): number {
    return Math.min(50 * 2 ** Math.min(attempt, 16), maxDelayMs);
  }

  create(name: string, overrides: RedisOptions = {}): RedisConnection {
    const client = this.connect({
      connectionName: `${this.config.app.name}:${name}`,
      connectTimeout: this.config.redis.connectTimeoutMs,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: this.config.redis.commandTimeoutMs,
      retryStrategy: (attempt) =>
        RedisClientFactory.reconnectDelay(attempt, this.config.redis.maxReconnectDelayMs),
      ...overrides,
    });
    let healthy = true;
    client.on('ready', () => {
      if (!healthy) this.logger.log({ client: name }, 'reconnected');
      healthy = true;
    });
    client.on('error', (err: Error) => {
      if (!healthy) return;
      healthy = false;
      this.logger.warn({ client: name, errName: err.name, errMessage: err.message }, 'unavailable');
    });
    this.clients.add(client);
    return client;
  }

  /** One client of the configured topology with the given per-connection options. */
  private connect(options: RedisOptions): RedisConnection {
    const { url, topology, sentinelName } = this.config.redis;
    if (topology === 'standalone') return new Redis(url, options);
    const nodes = url.split(',').map(parseNodeUrl);
    const shared = nodes[0].options;
    if (topology === 'sentinel') {
      return new Redis({
        ...options,
        ...shared,
        sentinels: nodes.map((node) => node.seed),
        name: sentinelName,
        sentinelUsername: shared.username,
        sentinelPassword: shared.password,
        sentinelRetryStrategy: options.retryStrategy ?? undefined,
      });
    }
    const { enableOfflineQueue, retryStrategy, ...perNode } = options;
    return new Cluster(
      nodes.map((node) => node.seed),
      {
        enableOfflineQueue,
        clusterRetryStrategy: retryStrategy ?? undefined,
        // Cluster keys live in database 0 only.
        redisOptions: { ...perNode, ...shared, db: 0 },
        slotsRefreshTimeout: options.connectTimeout,
      },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.clients].map((client) => this.close(client)));
    this.clients.clear();
  }

  private async close(client: RedisConnection): Promise<void> {
    if (client.status !== 'ready') {
      client.disconnect();
      return;
    }
    const timer = new Promise<void>((resolve) => setTimeout(resolve, QUIT_TIMEOUT_MS).unref());
    await Promise.race([
      client.quit().then(
        () => undefined,
        () => undefined,
      ),
      timer,
    ]);
    client.disconnect();
  }
}
