// Scout's scrape pipeline as the bench drives it from outside: the worker concurrency production
// runs with, the queue's Redis connection, enqueuing through the batch route, the fake site's
// companies, waiting until the queue has drained, and the finished jobs as the API lists them.
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import type { ConnectionOptions, Queue } from 'bullmq';
import { parse as parseYaml } from 'yaml';
import type { components } from '@scout/client';

import { COMPANIES } from '../../../test/fixtures/fake-site';
import { REPO_ROOT } from '../../lib/system';
import { scoutClient } from '../http';
import type { ApiEndpoint } from '../workload';

/** The api's batch route takes at most this many targets per request. */
export const SCRAPE_BATCH = 1_000;
const POLL_MS = 1_000;

/** A scrape job as `GET /v1/scrape-jobs` lists it. */
export type ScrapeJobView = components['schemas']['ScrapeJobDto'];

/**
 * Scout's worker concurrency as production runs it: `queue.concurrency` from
 * config/default.yaml, overridden by config/production.yaml if that sets it. The bench's
 * workers get it explicitly as WORKER_CONCURRENCY.
 */
export function scoutWorkerConcurrency(): number {
  let value: unknown;
  for (const name of ['default.yaml', 'production.yaml']) {
    const file = path.join(REPO_ROOT, 'config', name);
    if (!fs.existsSync(file)) continue;
    const parsed = parseYaml(fs.readFileSync(file, 'utf8')) as {
      queue?: { concurrency?: unknown };
    };
    value = parsed?.queue?.concurrency ?? value;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new Error('config/*.yaml has no positive queue.concurrency');
  }
  return value;
}

/** BullMQ's connection options for a `redis://host:port/db` URL. */
export function redisConnection(redisUrl: string): ConnectionOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    db: Number(url.pathname.slice(1) || 0),
    maxRetriesPerRequest: null,
  };
}

/** `count` publicIds `${prefix}000000`, `${prefix}000001`, … */
export function publicIds(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(6, '0')}`);
}

/** Posts `publicIds` to `POST /v1/scrape-jobs/batch` in requests of 1,000; all must be queued. */
export async function enqueue(api: ApiEndpoint, publicIds: string[]): Promise<void> {
  const scout = scoutClient(api);
  for (let from = 0; from < publicIds.length; from += SCRAPE_BATCH) {
    const profiles = publicIds.slice(from, from + SCRAPE_BATCH);
    const { data: answer } = await scout.POST('/v1/scrape-jobs/batch', { body: { profiles } });
    if (!answer) throw new Error(`scrape batch at ${from}: no results`);
    const notQueued = answer.results.filter((item) => item.status !== 'queued');
    if (notQueued.length > 0 || answer.results.length !== profiles.length) {
      throw new Error(
        `scrape batch at ${from}: ${notQueued.length} of ${answer.results.length} not queued, ` +
          `e.g. ${JSON.stringify(notQueued.slice(0, 2))}`,
      );
    }
  }
}

/**
 * Creates the fake site's companies through `POST /v1/companies`, so the measured scrapes find
 * every employer known (the steady state). On FerretDB the worker's company upsert loses
 * inserts when two jobs meet a new company at once (an unordered bulkWrite stops at the
 * duplicate key there), failing such jobs with "Unknown company"; see the notes.
 */
export async function createCompanies(api: ApiEndpoint): Promise<void> {
  const scout = scoutClient(api);
  for (const company of COMPANIES) {
    await scout.POST('/v1/companies', {
      body: {
        publicId: company.slug,
        name: company.name,
        industry: company.industry,
        website: company.website,
        headquarters: company.headquarters,
      },
    });
  }
}

/** Every job of one status, walked through the API's pages of 100 (newest first). */
async function listJobs(
  api: ApiEndpoint,
  status: ScrapeJobView['status'],
): Promise<ScrapeJobView[]> {
  const jobs: ScrapeJobView[] = [];
  const pages = scoutClient(api).pages('/v1/scrape-jobs', { query: { status, limit: 100 } });
  for await (const job of pages) jobs.push(job);
  return jobs;
}

/** Whether any job of a status exists, from the API's first page of one. */
async function anyJob(
  api: ApiEndpoint,
  status: ScrapeJobView['status'],
): Promise<ScrapeJobView | undefined> {
  const { data: page } = await scoutClient(api).GET('/v1/scrape-jobs', {
    params: { query: { status, limit: 1 } },
  });
  return page?.data[0];
}

/** One line on a job that did not succeed: its target, attempts and error. */
export function describeFailure(job: ScrapeJobView): string {
  return (
    `job ${job.id} (${job.target.publicId}) ended failed after ${job.attempts} attempt(s): ` +
    `${job.error?.code ?? '?'} ${job.error?.message ?? ''}`
  );
}

/** Options of {@link waitUntilDrained}. */
export interface DrainOptions {
  timeoutMs: number;
  failOnFailed: boolean;
  label: string;
  say: (line: string) => void;
}

/** Jobs left in the queue (waiting, prioritized, active or delayed) and BullMQ's failed count. */
async function queueCounts(queue: Queue): Promise<{ left: number; failed: number }> {
  const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
  const left =
    (counts.waiting ?? 0) +
    (counts.prioritized ?? 0) +
    (counts.active ?? 0) +
    (counts.delayed ?? 0);
  return { left, failed: counts.failed ?? 0 };
}

/**
 * Waits until Scout's scrape queue holds no job (waiting, prioritized, active or delayed) and
 * the API lists none queued or running. While jobs run it polls only Redis, once a second: a
 * list request on a server that scans (FerretDB) would take CPU from the run it measures. A
 * job in BullMQ's failed set (a final failure) is looked up through the API and, with
 * `failOnFailed`, fails the bench at once. Returns false on timeout.
 */
export async function waitUntilDrained(
  api: ApiEndpoint,
  queue: Queue,
  options: DrainOptions,
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  let lastSaid = Date.now();
  while (Date.now() < deadline) {
    await delay(POLL_MS);
    const { left, failed } = await queueCounts(queue);
    if (options.failOnFailed && failed > 0) {
      const job = (await anyJob(api, 'failed')) ?? (await anyJob(api, 'dead'));
      throw new Error(
        `${options.label}: ${job ? describeFailure(job) : 'a job ended failed in BullMQ'}`,
      );
    }
    if (Date.now() - lastSaid >= 15_000) {
      lastSaid = Date.now();
      options.say(`${options.label}: ${left} jobs still in the queue`);
    }
    if (left > 0) continue;
    if (!(await anyJob(api, 'queued')) && !(await anyJob(api, 'running'))) return true;
  }
  return false;
}

/** Every job of the bench's `prefix` that succeeded, failed or went dead, through the API's lists. */
export async function finishedJobs(api: ApiEndpoint, prefix: string): Promise<ScrapeJobView[]> {
  const all = [
    ...(await listJobs(api, 'succeeded')),
    ...(await listJobs(api, 'failed')),
    ...(await listJobs(api, 'dead')),
  ];
  return all.filter((job) => job.target.publicId.startsWith(prefix));
}

/** Jobs that the rate limit or an open breaker sent back to the queue at least once. */
export function deferred(jobs: ScrapeJobView[]): number {
  return jobs.filter((job) => job.transitions.some((t) => t.note?.startsWith('deferred'))).length;
}
