import { OutboundStats } from './outbound-stats';

describe('OutboundStats', () => {
  it('counts per host and in total, and snapshots are copies', () => {
    const stats = new OutboundStats(['TRANSIENT', 'NOT_FOUND']);
    stats.recordRequest('a.test', 'success');
    stats.recordRequest('a.test', 'TRANSIENT');
    stats.recordRequest('b.test', 'TRANSIENT');
    stats.recordRetry('a.test');
    stats.recordTimeout('a.test');
    stats.recordDeferral('b.test', 'breaker-open');
    stats.setBreakerState('b.test', 'open');

    const before = stats.snapshot();
    stats.recordRequest('a.test', 'success');

    expect(before.total.requests.success).toBe(1);
    expect(before.total.requests.TRANSIENT).toBe(2);
    expect(before.total.retries).toBe(1);
    expect(before.hosts['a.test']).toMatchObject({ retries: 1, timeouts: 1, breaker: 'closed' });
    expect(before.hosts['b.test'].deferrals['breaker-open']).toBe(1);
    expect(before.hosts['b.test'].breaker).toBe('open');
    expect(stats.snapshot().hosts['a.test'].requests.success).toBe(2);
  });

  it('starts every outcome the classifier names at zero, and counts one it did not name', () => {
    const stats = new OutboundStats(['TRANSIENT', 'NOT_FOUND']);
    stats.recordRequest('a.test', 'UNLISTED');
    expect(stats.snapshot().hosts['a.test'].requests).toEqual({
      success: 0,
      TRANSIENT: 0,
      NOT_FOUND: 0,
      UNLISTED: 1,
    });
  });
});
