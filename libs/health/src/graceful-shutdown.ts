import type { INestApplication, LoggerService } from '@nestjs/common';
import { LifecycleState } from './lifecycle.state';

/** How long shutdown may take, and how long to keep serving after readiness turns 503. */
export interface GracefulShutdownOptions {
  timeoutMs: number;
  drainDelayMs: number;
  logger: LoggerService;
  signals?: NodeJS.Signals[];
}

/**
 * SIGTERM as orchestrators expect it: readiness answers 503 at once, the process keeps
 * serving for the drain delay so load balancers can take it out, then stops accepting
 * connections, lets in-flight work finish, closes its connections and exits 0. If that takes
 * longer than the timeout it exits 1, so a stuck shutdown never blocks a rollout.
 */
export function enableGracefulShutdown(
  app: INestApplication,
  options: GracefulShutdownOptions,
): void {
  const lifecycle = app.get(LifecycleState);
  let started = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (started) return;
    started = true;
    lifecycle.beginShutdown();
    options.logger.log(`${signal} received; draining for ${options.drainDelayMs} ms`, 'Shutdown');
    const deadline = setTimeout(() => {
      options.logger.error(
        `shutdown exceeded ${options.timeoutMs} ms; exiting`,
        undefined,
        'Shutdown',
      );
      process.exit(1);
    }, options.timeoutMs);
    deadline.unref();
    try {
      await new Promise((resolve) => setTimeout(resolve, options.drainDelayMs));
      await app.close();
      options.logger.log('closed cleanly', 'Shutdown');
      clearTimeout(deadline);
      process.exit(0);
    } catch (error) {
      options.logger.error(
        `shutdown failed: ${(error as Error).message}`,
        (error as Error).stack,
        'Shutdown',
      );
      process.exit(1);
    }
  };
  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) {
    process.once(signal, (s: NodeJS.Signals) => void shutdown(s));
  }
}
