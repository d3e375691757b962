import { HostUnavailableError } from './host-unavailable.error';

describe('HostUnavailableError', () => {
  it('carries the reason and delay, and names the host without any URL', () => {
    const error = new HostUnavailableError('breaker-open', 1_500, 'site.test');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('HostUnavailableError');
    expect(error.reason).toBe('breaker-open');
    expect(error.retryAfterMs).toBe(1_500);
    expect(error.message).toBe('site.test unavailable (breaker-open); retry after 1500 ms');
    expect(new HostUnavailableError('rate-limited', 10).host).toBeUndefined();
  });
});
