import { EventEmitter } from 'node:events';
import type { Connection } from 'mongoose';
import { MetricsRegistry } from '@scout/observability';
import { MongoPoolMetrics } from './mongo-pool.metrics';

function value(text: string, name: string): number {
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : NaN;
}

describe('MongoPoolMetrics', () => {
  it('follows check-outs and check-ins, waiting operations and open connections', async () => {
    const registry = new MetricsRegistry();
    const connection = new EventEmitter() as EventEmitter & { getClient(): EventEmitter };
    let client = new EventEmitter();
    connection.getClient = () => client;
    new MongoPoolMetrics(registry, { maxPoolSize: 20 }).watch(connection as unknown as Connection);

    client.emit('connectionCreated', {});
    client.emit('connectionCreated', {});
    client.emit('connectionCheckOutStarted', {});
    client.emit('connectionCheckOutStarted', {});
    client.emit('connectionCheckOutStarted', {});
    client.emit('connectionCheckedOut', {});
    client.emit('connectionCheckedOut', {});
    let text = await registry.metrics();
    expect(value(text, 'scout_mongodb_pool_connections')).toBe(2);
    expect(value(text, 'scout_mongodb_pool_connections_in_use')).toBe(2);
    expect(value(text, 'scout_mongodb_pool_checkouts_waiting')).toBe(1);
    expect(value(text, 'scout_mongodb_pool_max_size')).toBe(20);

    client.emit('connectionCheckOutFailed', { reason: 'timeout' });
    client.emit('connectionCheckedIn', {});
    client.emit('connectionClosed', {});
    text = await registry.metrics();
    expect(value(text, 'scout_mongodb_pool_connections')).toBe(1);
    expect(value(text, 'scout_mongodb_pool_connections_in_use')).toBe(1);
    expect(value(text, 'scout_mongodb_pool_checkouts_waiting')).toBe(0);
    expect(text).toContain('scout_mongodb_pool_checkout_failures_total{reason="timeout"} 1');

    // a fresh connect brings a new driver client: its events count too, once each
    client = new EventEmitter();
    connection.emit('connected');
    connection.emit('connected');
    client.emit('connectionCheckOutStarted', {});
    client.emit('connectionCheckOutFailed', { reason: 'something new' });
    text = await registry.metrics();
    expect(text).toContain('scout_mongodb_pool_checkout_failures_total{reason="other"} 1');
    expect(value(text, 'scout_mongodb_pool_checkouts_waiting')).toBe(0);
  });
});
