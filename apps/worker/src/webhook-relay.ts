import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { AppConfig } from '@scout/config';
import { WebhookDispatcher, WEBHOOKS_QUEUE } from '@scout/webhooks';
import { consumedQueues, QUEUE_REGISTRY_TOKEN, type QueueRegistry } from './queues/queue-registry';

/**
 * In each worker that consumes the `webhooks` queue, a plain timer (not a BullMQ repeatable,
 * which would not run while Redis is down or after a flush) that dispatches committed events
 * every `WEBHOOK_DISPATCH_EVERY_MS` — batch after batch while a backlog lasts — and sweeps
 * open deliveries missing from the queue every `SCRAPE_SWEEP_EVERY_MS`. Several workers doing
 * it at once is harmless: deliveries are unique per webhook and event, jobs per delivery.
 * A failing round (MongoDB or Redis down) is logged once per outage and tried again.
 */
@Injectable()
export class WebhookRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WebhookRelay');
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> = Promise.resolve();
  private lastSweep = 0;
  private failing = false;
  private stopped = false;

  constructor(
    private readonly config: AppConfig,
    private readonly dispatcher: WebhookDispatcher,
    @Inject(QUEUE_REGISTRY_TOKEN) private readonly registry: QueueRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const queues = consumedQueues(this.config.queue.workerQueues, this.registry);
    if (queues.some(({ name }) => name === WEBHOOKS_QUEUE)) this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.runOnce().then(
        (busy) => this.schedule(busy ? 0 : this.config.webhooks.dispatchEveryMs),
        () => this.schedule(this.config.webhooks.dispatchEveryMs),
      );
    }, delayMs);
    this.timer.unref();
  }

  /** One round; true when a full batch was dispatched (more may be waiting). */
  private async runOnce(): Promise<boolean> {
    try {
      const dispatched = await this.dispatcher.dispatchOnce();
      if (Date.now() - this.lastSweep >= this.config.scraping.sweepEveryMs) {
        await this.dispatcher.sweep();
        this.lastSweep = Date.now();
      }
      if (this.failing) this.logger.log('dispatching again');
      this.failing = false;
      return dispatched >= this.config.webhooks.dispatchBatchSize;
    } catch (error) {
      if (!this.failing) {
        this.logger.warn(
          { errName: (error as Error).name, errMessage: (error as Error).message },
          'webhook dispatch failed; retrying every WEBHOOK_DISPATCH_EVERY_MS',
        );
      }
      this.failing = true;
      return false;
    }
  }
}
