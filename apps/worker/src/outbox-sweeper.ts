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
import { PeriodicRunner } from './periodic-runner';
import { consumedQueues, QUEUE_REGISTRY_TOKEN, type QueueRegistry } from './queues/queue-registry';

/**
 * Runs the outbox sweeper every `SCRAPE_SWEEP_EVERY_MS` in each worker that consumes a queue
 * whose registry entry asks for it (the maintenance queue), starting at boot, on a
 * {@link PeriodicRunner}. Each round enqueues recorded jobs the queue does not hold, registers
 * the re-scrape scheduler again if Redis lost it, and resolves change events left pending longer
 * than `EVENTS_RECONCILE_AFTER_MS` (committed if their write landed). Several workers sweeping at
 * once is harmless: each job is checked under its lock and enqueued with its own id.
 */
@Injectable()
export class OutboxSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly runner: PeriodicRunner;

  constructor(
    private readonly config: AppConfig,
    private readonly jobs: ScrapeJobsService,
    private readonly queue: MaintenanceQueue,
    private readonly events: EventLog,
    @Inject(QUEUE_REGISTRY_TOKEN) private readonly registry: QueueRegistry,
  ) {
    const logger = new Logger('OutboxSweeper');
    this.runner = new PeriodicRunner(
      async () => {
        const restored = await this.queue.restoreRescrapeScheduler();
        if (restored) logger.warn('re-scrape scheduler was missing; registered it again');
        await this.jobs.sweep();
        await this.events.reconcile();
      },
      {
        everyMs: () => this.config.scraping.sweepEveryMs,
        failing: 'sweep failed; retrying every SCRAPE_SWEEP_EVERY_MS',
        recovered: 'sweeping again',
      },
      logger,
    );
  }

  onApplicationBootstrap(): void {
    const queues = consumedQueues(this.config.queue.workerQueues, this.registry);
    if (queues.some(({ entry }) => entry.runsOutboxSweeper)) this.runner.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.runner.stop();
  }
}
