import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RedisClientFactory, type RedisConnection } from '@scout/database';
import { CACHE_INVALIDATION_CHANNEL } from './caching.constants';
import { CacheStats } from './cache-stats';
import { ThrottledLogger } from '@scout/observability';

/** What the bus tells the cache. */
export interface InvalidationListener {
  /** Another process invalidated these keys: drop them from L1. */
  onRemoteInvalidation(keys: string[]): void;
  /**
   * The subscription is live. `resumed` = it had been live before and was lost, so messages may
   * have been missed in between.
   */
  onSubscribed(resumed: boolean): void;
}

/** Body of a message on {@link CACHE_INVALIDATION_CHANNEL}. */
interface InvalidationMessage {
  origin: string;
  keys: string[];
}

function parseMessage(raw: string): InvalidationMessage | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const { origin, keys } = parsed as Record<string, unknown>;
  if (typeof origin !== 'string' || !Array.isArray(keys)) return undefined;
  if (!keys.every((key): key is string => typeof key === 'string')) return undefined;
  return { origin, keys };
}

/**
 * Carries invalidations between processes over Redis pub/sub, so a write in one process evicts
 * the L1 copies of all the others. One subscriber connection per process; it subscribes on every
 * `ready` itself (rather than ioredis' `autoResubscribe`) so the cache learns exactly when the
 * subscription is live again and can drop an L1 that may have missed messages. Boot never waits
 * for Redis: subscribing happens whenever the connection comes up. Nothing connects until the
 * cache is first switched on ({@link CacheInvalidationBus.start}).
 */
@Injectable()
export class CacheInvalidationBus {
  /** Identifies this process's messages, so it skips its own (it has already applied them). */
  readonly origin = randomUUID();
  private listener: InvalidationListener | undefined;
  private client: RedisConnection | undefined;
  private live = false;
  private everLive = false;

  constructor(
    private readonly factory: RedisClientFactory,
    private readonly stats: CacheStats,
    private readonly warnings: ThrottledLogger,
  ) {}

  /** Whether invalidations from other processes are reaching this one right now. */
  get subscribed(): boolean {
    return this.live;
  }

  listen(listener: InvalidationListener): void {
    this.listener = listener;
  }

  /** The message announcing that this process invalidated `keys`. */
  encode(keys: string[]): string {
    const message: InvalidationMessage = { origin: this.origin, keys };
    return JSON.stringify(message);
  }

  /**
   * Subscribes, the first time the cache is switched on. Call it after `listen`, so the first
   * `ready` of the new client is never missed.
   */
  start(): void {
    if (this.client) return;
    const client = this.factory.create('cache-sub', { autoResubscribe: false });
    this.client = client;
    client.on('ready', () => void this.subscribe(client));
    client.on('close', () => {
      this.live = false;
    });
    client.on('message', (channel: string, message: string) => this.receive(channel, message));
  }

  private async subscribe(client: RedisConnection): Promise<void> {
    try {
      await client.subscribe(CACHE_INVALIDATION_CHANNEL);
    } catch (error) {
      this.stats.record('l2', 'errors');
      this.warnings.warn(
        { op: 'subscribe', errName: (error as Error).name, errMessage: (error as Error).message },
        'cache invalidation subscription failed; L1 entries may outlive writes until their TTL',
      );
      return;
    }
    if (client !== this.client || client.status !== 'ready') return;
    const resumed = this.everLive;
    this.live = true;
    this.everLive = true;
    this.listener?.onSubscribed(resumed);
  }

  private receive(channel: string, raw: string): void {
    if (channel !== CACHE_INVALIDATION_CHANNEL) return;
    const message = parseMessage(raw);
    if (!message) {
      this.stats.record('l2', 'errors');
      this.warnings.warn({ op: 'message' }, 'ignored a malformed cache invalidation message');
      return;
    }
    if (message.origin === this.origin || message.keys.length === 0) return;
    this.listener?.onRemoteInvalidation(message.keys);
  }
}
