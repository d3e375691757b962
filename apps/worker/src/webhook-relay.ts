import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { AppConfig } from '@scout/config';
import { WebhookDispatcher, WEBHOOKS_QUEUE } from '@scout/webhooks';
import { PeriodicRunner } from './periodic-runner';
import { consumedQueues, QUEUE_REGISTRY_TOKEN, type QueueRegistry } from './queues/queue-registry';

/**
 * In each worker that consumes the `webhooks` queue, a {@link PeriodicRunner} that dispatches
 * committed events every `WEBHOOK_DISPATCH_EVERY_MS` — batch after batch while a backlog lasts —
 * and sweeps open deliveries missing from the queue every `SCRAPE_SWEEP_EVERY_MS`. Several
 * workers doing it at once is harmless: deliveries are unique per webhook and event, jobs per
 * delivery.
 */
@Injectable()
export class WebhookRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly runner: PeriodicRunner;
  private lastSweep = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly dispatcher: WebhookDispatcher,
    @Inject(QUEUE_REGISTRY_TOKEN) private readonly registry: QueueRegistry,
  ) {
    this.runner = new PeriodicRunner(
      () => this.runOnce(),
      {
        everyMs: () => this.config.webhooks.dispatchEveryMs,
        failing: 'webhook dispatch failed; retrying every WEBHOOK_DISPATCH_EVERY_MS',
        recovered: 'dispatching again',
      },
      new Logger('WebhookRelay'),
    );
  }

  onApplicationBootstrap(): void {
    const queues = consumedQueues(this.config.queue.workerQueues, this.registry);
    if (queues.some(({ name }) => name === WEBHOOKS_QUEUE)) this.runner.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.runner.stop();
  }

  /** One round; true when a full batch was dispatched (more may be waiting). */
  private async runOnce(): Promise<boolean> {
    const dispatched = await this.dispatcher.dispatchOnce();
    if (Date.now() - this.lastSweep >= this.config.scraping.sweepEveryMs) {
      await this.dispatcher.sweep();
      this.lastSweep = Date.now();
    }
    return dispatched >= this.config.webhooks.dispatchBatchSize;
  }
}
