import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { AppConfig } from '@scout/config';

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
  private readonly clients = new Set<Redis>();

  constructor(private readonly config: AppConfig) {}

  /** Backoff between reconnects: doubles from 50 ms up to the configured cap, forever. */
  static reconnectDelay(attempt: number, maxDelayMs: number): number {
    return Math.min(50 * 2 ** Math.min(attempt, 16), maxDelayMs);
  }

  create(name: string, overrides: RedisOptions = {}): Redis {
    const client = new Redis(this.config.redis.url, {
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

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.clients].map((client) => this.close(client)));
    this.clients.clear();
  }

  private async close(client: Redis): Promise<void> {
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
