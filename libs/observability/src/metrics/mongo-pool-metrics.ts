import type { EventEmitter } from 'node:events';
import { Counter, Gauge } from 'prom-client';
import type { MetricsRegistry } from './metrics.registry';

/** The part of a Mongoose connection the pool metrics need: its driver client and its events. */
export interface MongoConnectionLike {
  getClient(): EventEmitter | undefined;
  on(event: 'connected', listener: () => void): unknown;
}

const CHECKOUT_FAILURE_REASONS = new Set(['poolClosed', 'timeout', 'connectionError']);

/**
 * MongoDB connection-pool usage from the driver's pool (CMAP) events: connections open, checked
 * out, and operations waiting for one. Each event moves an integer; the gauges read them at
 * scrape time. Follows the connection to a new driver client when it reconnects from scratch.
 */
export class MongoPoolMetrics {
  private open = 0;
  private inUse = 0;
  private waiting = 0;
  private readonly watched = new WeakSet<EventEmitter>();
  private readonly failures: Counter<'reason'>;

  constructor(registry: MetricsRegistry, options: { maxPoolSize: number }) {
    const gauge = (name: string, help: string, read: () => number): void => {
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          this.set(read());
        },
      });
    };
    gauge('scout_mongodb_pool_connections', 'Open connections in the pool.', () => this.open);
    gauge(
      'scout_mongodb_pool_connections_in_use',
      'Connections checked out by an operation.',
      () => this.inUse,
    );
    gauge(
      'scout_mongodb_pool_checkouts_waiting',
      'Operations waiting for a pooled connection.',
      () => this.waiting,
    );
    gauge(
      'scout_mongodb_pool_max_size',
      'Configured upper bound of the pool (MONGODB_MAX_POOL_SIZE).',
      () => options.maxPoolSize,
    );
    this.failures = new Counter({
      name: 'scout_mongodb_pool_checkout_failures_total',
      help: 'Check-outs that failed, by reason (timeout, connectionError, poolClosed).',
      labelNames: ['reason'],
      registers: [registry],
    });
  }

  /** Starts counting the connection's pool events, now and after every fresh connect. */
  watch(connection: MongoConnectionLike): void {
    const attach = (): void => {
      const client = connection.getClient();
      if (client && !this.watched.has(client)) {
        this.watched.add(client);
        this.listen(client);
      }
    };
    attach();
    connection.on('connected', attach);
  }

  private listen(client: EventEmitter): void {
    client.on('connectionCreated', () => (this.open += 1));
    client.on('connectionClosed', () => (this.open = Math.max(0, this.open - 1)));
    client.on('connectionCheckOutStarted', () => (this.waiting += 1));
    client.on('connectionCheckedOut', () => {
      this.waiting = Math.max(0, this.waiting - 1);
      this.inUse += 1;
    });
    client.on('connectionCheckOutFailed', (event: { reason?: unknown }) => {
      this.waiting = Math.max(0, this.waiting - 1);
      const reason = String(event.reason);
      this.failures.inc({ reason: CHECKOUT_FAILURE_REASONS.has(reason) ? reason : 'other' });
    });
    client.on('connectionCheckedIn', () => (this.inUse = Math.max(0, this.inUse - 1)));
  }
}
