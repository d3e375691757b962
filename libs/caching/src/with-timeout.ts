/**
 * Settles with `work` or rejects after `ms`, whichever comes first. The timer is unref'd and
 * cleared, so a bounded call never keeps the process alive or leaves a timer behind.
 */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`${what}: no answer within ${ms} ms`);
      error.name = 'CacheTimeoutError';
      reject(error);
    }, ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
