import { Test } from '@nestjs/testing';
import { AppConfig } from '@scout/config';
import { RedisClientFactory } from '@scout/database';
import { FlagsService } from '@scout/flags';
import { QueueMetrics } from '@scout/observability';
import { QueueName } from '@scout/scraping';
import { WEBHOOKS_QUEUE } from '@scout/webhooks';
import { QueueWorkers } from '../queue-workers';
import {
  consumedQueues,
  QUEUE_REGISTRY,
  QUEUE_REGISTRY_TOKEN,
  type QueueRegistry,
  registeredProcessors,
  UnregisteredQueueError,
} from './queue-registry';

/** A worker module as far as the boot check needs it: Redis and flags are never reached. */
async function bootWorkers(workerQueues: string[], registry: QueueRegistry): Promise<void> {
  const config = { queue: { workerQueues } } as unknown as AppConfig;
  const moduleRef = await Test.createTestingModule({
    providers: [
      QueueWorkers,
      { provide: AppConfig, useValue: config },
      { provide: RedisClientFactory, useValue: {} },
      { provide: QueueMetrics, useValue: {} },
      { provide: FlagsService, useValue: {} },
      { provide: QUEUE_REGISTRY_TOKEN, useValue: registry },
    ],
  }).compile();
  await moduleRef.init();
  await moduleRef.close();
}

describe('queue registry', () => {
  it('has an entry with a processor for every queue Scout runs', () => {
    const queues = [...Object.values(QueueName), WEBHOOKS_QUEUE] as const;
    for (const name of queues) {
      expect(QUEUE_REGISTRY[name]?.processor).toBeInstanceOf(Function);
    }
    expect(registeredProcessors(QUEUE_REGISTRY)).toHaveLength(queues.length);
  });

  it('pauses only the scrape queue by the scraping flag and sweeps only with maintenance', () => {
    const paused = Object.entries(QUEUE_REGISTRY).filter(([, entry]) => entry.pausedBy);
    expect(paused.map(([name, entry]) => [name, entry.pausedBy])).toEqual([
      [QueueName.Scrape, 'scraping.enabled'],
    ]);
    const sweeping = Object.entries(QUEUE_REGISTRY).filter(([, e]) => e.runsOutboxSweeper);
    expect(sweeping.map(([name]) => name)).toEqual([QueueName.Maintenance]);
  });

  it('reads concurrency per queue and lock settings from config', () => {
    const config = {
      queue: { concurrency: 7, lockDurationMs: 30_000, stalledIntervalMs: 15_000 },
    } as unknown as AppConfig;
    expect(QUEUE_REGISTRY[QueueName.Scrape].settings(config)).toEqual({
      concurrency: 7,
      lockDurationMs: 30_000,
      stalledIntervalMs: 15_000,
    });
    expect(QUEUE_REGISTRY[QueueName.Maintenance].settings(config).concurrency).toBe(1);
  });

  it('resolves the consumed queues in WORKER_QUEUES order', () => {
    const queues = consumedQueues(['maintenance', 'scrape'], QUEUE_REGISTRY);
    expect(queues.map((queue) => queue.name)).toEqual(['maintenance', 'scrape']);
    expect(queues[1]?.entry).toBe(QUEUE_REGISTRY[QueueName.Scrape]);
  });

  it('fails the worker boot, naming the queue, when WORKER_QUEUES lists a queue without an entry', async () => {
    const registry: QueueRegistry = { [QueueName.Scrape]: QUEUE_REGISTRY[QueueName.Scrape] };
    const boot = bootWorkers(['scrape', 'webhooks'], registry);
    await expect(boot).rejects.toThrow(UnregisteredQueueError);
    await expect(bootWorkers(['scrape', 'webhooks'], registry)).rejects.toThrow(
      /WORKER_QUEUES lists queue "webhooks" but the worker's queue registry has no entry/,
    );
  });
});
