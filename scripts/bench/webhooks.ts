// The webhooks part of `npm run bench`: delivery throughput end to end — committed events in the
// `events` outbox → the worker's dispatcher → the `webhooks` queue → a signed POST → a local
// receiver that verifies every signature with `standardwebhooks`. Built api and worker, one
// webhook, one receiver on loopback. See docs/webhooks.md.
import { randomUUID } from 'node:crypto';
import mongoose, { Types } from 'mongoose';

import { WebhookReceiver } from '../../test/support/webhook-receiver';
import { scoutClient } from './http';
import { fmt, median } from './report';
import { type ApiTarget, prepareDatabase, startApi, startWorker, stopServer } from './servers';

/** Events per run and subjects they are spread over (sequence 1..events/subjects each). */
const EVENTS = 1_000;
const SUBJECTS = 50;
const TIMEOUT_MS = 10 * 60_000;
const PREFIX = 'bench-webhooks';

/** The worker settings each run uses: the defaults, then more deliveries in flight. */
const RUNS: ReadonlyArray<{ label: string; concurrency: number }> = [
  { label: 'defaults', concurrency: 4 },
  { label: 'concurrency 16', concurrency: 16 },
];

/** What the part measured, per run. */
export interface WebhooksReport {
  rows: Array<{
    label: string;
    concurrency: number;
    events: number;
    seconds: number;
    eventsPerSecond: number;
    medianLatencyMs: number;
    p95LatencyMs: number;
    duplicates: number;
  }>;
  notes: string[];
}

/** Options of the part: services and the secrets every Scout process of the bench shares. */
export interface WebhooksBenchOptions {
  mongoUri: string;
  redisUrl: string;
  secrets: { cursorSecret: string; apiKeySecret: string; suppressionSecret: string };
  say: (line: string) => void;
}

/** Committed events for `SUBJECTS` profiles, as the outbox holds them once their writes landed. */
function committedEvents(occurredAt: Date): Array<Record<string, unknown>> {
  const subjects = Array.from({ length: SUBJECTS }, () => new Types.ObjectId().toHexString());
  const events: Array<Record<string, unknown>> = [];
  for (let sequence = 1; sequence <= EVENTS / SUBJECTS; sequence += 1) {
    for (const id of subjects) {
      events.push({
        eventId: randomUUID(),
        type: 'profile.updated',
        subject: { kind: 'profile', id },
        sequence,
        actor: 'system',
        occurredAt,
        data: { changedFields: ['headline'] },
        state: 'committed',
        createdAt: occurredAt,
        updatedAt: occurredAt,
      });
    }
  }
  return events;
}

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
}

async function runOnce(
  options: WebhooksBenchOptions,
  run: (typeof RUNS)[number],
  index: number,
): Promise<WebhooksReport['rows'][number]> {
  const target: ApiTarget = {
    mongoUri: `${options.mongoUri}/scout_bench_webhooks_${index}`,
    redisUrl: `${options.redisUrl}/1`,
    ...options.secrets,
  };
  const env = {
    QUEUE_PREFIX: `${PREFIX}-${index}`,
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WORKER_QUEUES: 'webhooks',
    WORKER_CONCURRENCY: String(run.concurrency),
    WEBHOOK_TARGET_CONCURRENCY: String(run.concurrency),
  };
  const receiver = await WebhookReceiver.start();
  const connection = await mongoose.createConnection(target.mongoUri).asPromise();
  const { apiKey } = await prepareDatabase(target);
  const api = await startApi(`api-webhooks-${index}`, target, apiKey, env);
  try {
    const { data: webhook } = await scoutClient({ url: api.url, apiKey }).POST('/v1/webhooks', {
      body: { url: receiver.url, eventTypes: ['profile.updated'] },
    });
    if (!webhook) throw new Error('POST /v1/webhooks answered without a body');
    receiver.useSecret(webhook.secret);
    const worker = await startWorker(`worker-webhooks-${index}`, target, env);
    try {
      const committedAt = new Date();
      const started = performance.now();
      await connection.collection('events').insertMany(committedEvents(committedAt));
      const deadline = Date.now() + TIMEOUT_MS;
      while (receiver.eventIds().size < EVENTS) {
        if (Date.now() > deadline) {
          throw new Error(`only ${receiver.eventIds().size} of ${EVENTS} events arrived in time`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const seconds = (performance.now() - started) / 1000;
      if (receiver.rejected > 0) throw new Error(`${receiver.rejected} signatures did not verify`);
      const firstArrival = new Map<string, number>();
      for (const delivery of receiver.received) {
        if (!firstArrival.has(delivery.payload.id)) {
          firstArrival.set(delivery.payload.id, delivery.receivedAt);
        }
      }
      const latencies = [...firstArrival.values()].map((at) => at - committedAt.getTime());
      return {
        label: run.label,
        concurrency: run.concurrency,
        events: EVENTS,
        seconds,
        eventsPerSecond: EVENTS / seconds,
        medianLatencyMs: median(latencies),
        p95LatencyMs: percentile(latencies, 0.95),
        duplicates: receiver.received.length - firstArrival.size,
      };
    } finally {
      await stopServer(worker);
    }
  } finally {
    await stopServer(api);
    await connection.close();
    await receiver.close();
  }
}

/**
 * Runs the part: per setting, a fresh database and queue, 1,000 events committed at once (in
 * one insert, as a burst of writes would leave them), timed from the insert until the receiver
 * has verified every event id.
 */
export async function runWebhooksBench(options: WebhooksBenchOptions): Promise<WebhooksReport> {
  const rows: WebhooksReport['rows'] = [];
  for (const [index, run] of RUNS.entries()) {
    options.say(`webhooks: ${EVENTS} events, ${SUBJECTS} subjects, ${run.label}`);
    const row = await runOnce(options, run, index);
    options.say(
      `webhooks (${row.label}): ${fmt(row.eventsPerSecond, 1)} events/s end to end ` +
        `(${fmt(row.seconds, 1)} s; latency median ${fmt(row.medianLatencyMs, 0)} ms, ` +
        `p95 ${fmt(row.p95LatencyMs, 0)} ms; ${row.duplicates} duplicates)`,
    );
    rows.push(row);
  }
  const notes = rows.map(
    (row) =>
      `Webhook delivery (${row.label}: WORKER_CONCURRENCY and WEBHOOK_TARGET_CONCURRENCY ` +
      `${row.concurrency}): ${row.events} committed events → ` +
      `${row.events} verified deliveries in ${fmt(row.seconds, 1)} s = ` +
      `${fmt(row.eventsPerSecond, 1)} events/s; commit-to-receipt latency median ` +
      `${fmt(row.medianLatencyMs, 0)} ms, p95 ${fmt(row.p95LatencyMs, 0)} ms.`,
  );
  return { rows, notes };
}
