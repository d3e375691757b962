import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { AppConfig } from '@scout/config';
import { EventLog } from '@scout/events';
import { MaintenanceQueue, ScrapeJobsService } from '@scout/scraping';
import { consumedQueues, QUEUE_REGISTRY_TOKEN, type QueueRegistry } from './queues/queue-registry';

/**
 * Runs the outbox sweeper every `SCRAPE_SWEEP_EVERY_MS` in each worker that consumes a queue whose
 * registry entry asks for it (the maintenance queue), starting at boot. It is a plain timer, not a BullMQ repeatable job: a
 * repeatable lives in Redis, so it cannot run while Redis is down and is gone after a flush —
 * exactly when the sweeper is needed. Each round enqueues recorded jobs the queue does not hold,
 * registers the re-scrape scheduler again if Redis lost it, and resolves change events left
 * pending longer than `EVENTS_RECONCILE_AFTER_MS` (committed if their write landed). A round that fails (Redis or
 * MongoDB unreachable) is logged once per outage and tried again on the next tick; rounds never
 * overlap. Several workers sweeping at once is harmless: each job is checked under its lock and
 * enqueued with its own id.
 */
@Injectable()
export class OutboxSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OutboxSweeper');
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> = Promise.resolve();
  private failing = false;
  private stopped = false;

  constructor(
    private readonly config: AppConfig,
    private readonly jobs: ScrapeJobsService,
    private readonly queue: MaintenanceQueue,
    private readonly events: EventLog,
    @Inject(QUEUE_REGISTRY_TOKEN) private readonly registry: QueueRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const queues = consumedQueues(this.config.queue.workerQueues, this.registry);
    if (!queues.some(({ entry }) => entry.runsOutboxSweeper)) return;
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.sweepOnce().finally(() => this.schedule(this.config.scraping.sweepEveryMs));
    }, delayMs);
    this.timer.unref();
  }

  private async sweepOnce(): Promise<void> {
    try {
      const restored = await this.queue.restoreRescrapeScheduler();
      if (restored) this.logger.warn('re-scrape scheduler was missing; registered it again');
      await this.jobs.sweep();
      await this.events.reconcile();
      if (this.failing) this.logger.log('sweeping again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) {
        this.logger.warn(
          { errName: (error as Error).name, errMessage: (error as Error).message },
          'sweep failed; retrying every SCRAPE_SWEEP_EVERY_MS',
        );
      }
      this.failing = true;
    }
  }
}
