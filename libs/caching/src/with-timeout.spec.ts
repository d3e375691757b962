import { withTimeout } from './with-timeout';

describe('withTimeout', () => {
  it('passes through a result that arrives in time', async () => {
    await expect(withTimeout(Promise.resolve(7), 50, 'op')).resolves.toBe(7);
  });

  it('passes through a failure that arrives in time', async () => {
    const error = new Error('boom');
    await expect(withTimeout(Promise.reject(error), 50, 'op')).rejects.toBe(error);
  });

  it('rejects when the work takes too long', async () => {
    const started = Date.now();
    const never = new Promise<never>(() => undefined);
    await expect(withTimeout(never, 30, 'redis get')).rejects.toMatchObject({
      name: 'CacheTimeoutError',
      message: 'redis get: no answer within 30 ms',
    });
    expect(Date.now() - started).toBeLessThan(500);
  });
});
