import { OutboundStats } from './outbound-stats';
import { FailureKind } from './scrape-error';

describe('OutboundStats', () => {
  it('counts per host and in total, and snapshots are copies', () => {
    const stats = new OutboundStats();
    stats.recordRequest('a.test', 'success');
    stats.recordRequest('a.test', FailureKind.Transient);
    stats.recordRequest('b.test', FailureKind.Transient);
    stats.recordRetry('a.test');
    stats.recordTimeout('a.test');
    stats.recordDeferral('b.test', 'breaker-open');
    stats.setBreakerState('b.test', 'open');
    stats.recordRobotsFetch('a.test', 'unreachable');
    stats.recordRobotsDisallowed('b.test');

    const before = stats.snapshot();
    stats.recordRequest('a.test', 'success');

    expect(before.total.requests.success).toBe(1);
    expect(before.total.requests[FailureKind.Transient]).toBe(2);
    expect(before.total.retries).toBe(1);
    expect(before.hosts['a.test']).toMatchObject({ retries: 1, timeouts: 1, breaker: 'closed' });
    expect(before.hosts['b.test'].deferrals['breaker-open']).toBe(1);
    expect(before.hosts['b.test'].breaker).toBe('open');
    expect(before.hosts['a.test'].robotsFetches).toEqual({ rules: 0, none: 0, unreachable: 1 });
    expect(before.total.robotsDisallowed).toBe(1);
    expect(stats.snapshot().hosts['a.test'].requests.success).toBe(2);
  });
});
