/**
 * Polls `probe` until it returns a value (anything but `undefined`), for tests that wait on
 * other processes, queues or logs; fails with what it was waiting for once `timeoutMs` passes.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  what: string,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Polls `check` until it is true (every 50 ms, for at most 20 s). */
export async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  await waitFor(async () => ((await check()) ? true : undefined), 20_000, what, 50);
}
