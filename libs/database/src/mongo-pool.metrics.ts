import type { Connection } from 'mongoose';
import { Counter, Gauge } from 'prom-client';
import type { MetricsRegistry } from '@scout/observability';

/** The MongoDB driver's client behind a Mongoose connection, whose pool events are counted. */
type MongoClient = ReturnType<Connection['getClient']>;

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
  private readonly watched = new WeakSet<MongoClient>();
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
  watch(connection: Pick<Connection, 'getClient' | 'on'>): void {
    const attach = (): void => {
      // Undefined until the connection has opened once, whatever the typings say.
      const client = connection.getClient() as MongoClient | undefined;
      if (client && !this.watched.has(client)) {
        this.watched.add(client);
        this.listen(client);
      }
    };
    attach();
    connection.on('connected', attach);
  }

  private listen(client: MongoClient): void {
    client.on('connectionCreated', () => (this.open += 1));
    client.on('connectionClosed', () => (this.open = Math.max(0, this.open - 1)));
    client.on('connectionCheckOutStarted', () => (this.waiting += 1));
    client.on('connectionCheckedOut', () => {
      this.waiting = Math.max(0, this.waiting - 1);
      this.inUse += 1;
    });
    client.on('connectionCheckOutFailed', (event) => {
      this.waiting = Math.max(0, this.waiting - 1);
      const reason = String(event.reason);
      this.failures.inc({ reason: CHECKOUT_FAILURE_REASONS.has(reason) ? reason : 'other' });
    });
    client.on('connectionCheckedIn', () => (this.inUse = Math.max(0, this.inUse - 1)));
  }
}
