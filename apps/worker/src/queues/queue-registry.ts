import type { Type } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { AppConfig } from '@scout/config';
import { Flag } from '@scout/flags';
import { QueueName } from '@scout/scraping';
import { WEBHOOKS_QUEUE } from '@scout/webhooks';
import { MaintenanceProcessor } from '../processors/maintenance.processor';
import { ScrapeProcessor } from '../processors/scrape.processor';
import { WebhookProcessor } from '../processors/webhook.processor';

/** What a queue's processor class offers the dispatcher: one method per job, one boot hook. */
export interface QueueProcessor {
  process(job: Job, token?: string): Promise<unknown>;
  /** Runs once when this process starts consuming the queue (e.g. registers a job scheduler). */
  onConsume?(): Promise<void>;
}

/** BullMQ worker settings of one queue, read from config at boot. */
export interface QueueWorkerSettings {
  readonly concurrency: number;
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
}

/**
 * Everything the dispatcher needs to consume a queue. A new queue plugs in by adding an entry
 * (and its processor class); the dispatcher, the module and the sweeper read only this.
 */
export interface QueueEntry {
  readonly processor: Type<QueueProcessor>;
  readonly settings: (config: AppConfig) => QueueWorkerSettings;
  /** A flag whose "off" pauses this queue's workers: running jobs finish, queued ones wait. */
  readonly pausedBy?: Flag;
  /** Processes consuming this queue also run the outbox sweeper timer. */
  readonly runsOutboxSweeper?: boolean;
}

/**
 * Any registry, looked up by the names `WORKER_QUEUES` gives; Scout's own is typed
 * `Record<QueueName, …>`, so a queue name without an entry is a type error there.
 */
export type QueueRegistry = Readonly<Partial<Record<string, QueueEntry>>>;

/** Lock and stall settings shared by every queue; each entry says its own concurrency. */
function lockSettings(config: AppConfig): Omit<QueueWorkerSettings, 'concurrency'> {
  return {
    lockDurationMs: config.queue.lockDurationMs,
    stalledIntervalMs: config.queue.stalledIntervalMs,
  };
}

/** Injection token of the registry the dispatcher and the sweeper read. */
export const QUEUE_REGISTRY_TOKEN = Symbol('QueueRegistry');

/** Every queue Scout runs: the scraping lib's and the webhooks queue. */
export type ScoutQueue = QueueName | typeof WEBHOOKS_QUEUE;

/** Scout's queues and how this worker consumes each. */
export const QUEUE_REGISTRY: Readonly<Record<ScoutQueue, QueueEntry>> = {
  [QueueName.Scrape]: {
    processor: ScrapeProcessor,
    settings: (config) => ({ concurrency: config.queue.concurrency, ...lockSettings(config) }),
    pausedBy: Flag.ScrapingEnabled,
  },
  [QueueName.Maintenance]: {
    processor: MaintenanceProcessor,
    // One scheduled run at a time: a run re-enqueues every stale profile.
    settings: (config) => ({ concurrency: 1, ...lockSettings(config) }),
    runsOutboxSweeper: true,
  },
  [WEBHOOKS_QUEUE]: {
    processor: WebhookProcessor,
    // Per-webhook limits apply on top (WEBHOOK_TARGET_CONCURRENCY).
    settings: (config) => ({ concurrency: config.queue.concurrency, ...lockSettings(config) }),
  },
};

/** A queue named in `WORKER_QUEUES` that no registry entry handles. */
export class UnregisteredQueueError extends Error {
  override readonly name = 'UnregisteredQueueError';

  constructor(queue: string) {
    super(
      `WORKER_QUEUES lists queue "${queue}" but the worker's queue registry has no entry for it; ` +
        'add one (processor, settings) or remove the queue from WORKER_QUEUES',
    );
  }
}

/** A queue this process consumes, with its registry entry. */
export interface ConsumedQueue {
  readonly name: string;
  readonly entry: QueueEntry;
}

/**
 * The entries of the queues this process consumes, in `WORKER_QUEUES` order. Throws at boot for
 * a queue without an entry, so a misconfigured worker never starts half its queues.
 */
export function consumedQueues(names: readonly string[], registry: QueueRegistry): ConsumedQueue[] {
  return names.map((name) => {
    const entry = registry[name];
    if (!entry) throw new UnregisteredQueueError(name);
    return { name, entry };
  });
}

/** Every processor class in the registry, for the worker module's providers. */
export function registeredProcessors(registry: QueueRegistry): Type<QueueProcessor>[] {
  return [...new Set(Object.values(registry).flatMap((entry) => (entry ? [entry.processor] : [])))];
}
