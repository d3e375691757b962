import type { LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { LifecycleState } from './lifecycle.state';

/** How long shutdown may take, and how long to keep serving after readiness turns 503. */
export interface GracefulShutdownOptions {
  timeoutMs: number;
  drainDelayMs: number;
  logger: LoggerService;
  signals?: NodeJS.Signals[];
  /** Runs after the app closed and before exit: sends buffered telemetry (spans, error events). */
  afterClose?: () => Promise<void>;
}

/**
 * SIGTERM as orchestrators expect it: readiness answers 503 at once, the process keeps
 * serving for the drain delay so load balancers can take it out, then stops accepting
 * connections, lets in-flight work finish, closes its connections and exits 0. If that takes
 * longer than the timeout it exits 1, so a stuck shutdown never blocks a rollout. Responses
 * sent while draining carry `Connection: close`, so keep-alive clients let go of the socket
 * instead of holding the server open. Call it before `listen`.
 */
export function enableGracefulShutdown(
  app: NestFastifyApplication,
  options: GracefulShutdownOptions,
): void {
  const lifecycle = app.get(LifecycleState);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (_request, reply, payload, done) => {
      if (lifecycle.shuttingDown) reply.header('connection', 'close');
      done(null, payload);
    });
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
      await options.afterClose?.();
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
