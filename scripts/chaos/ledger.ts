// Checks a scenario's ledger against the database once Scout has recovered: every write
// answered 2xx is there, every write answered with a failure (anything but 504 OUTCOME_UNKNOWN)
// is not, every accepted scrape job succeeded exactly once, and no refused scrape request left a
// job behind.
import mongoose, { type Connection } from 'mongoose';
import { setTimeout as delay } from 'node:timers/promises';

import type { Remembered } from './load';

/** What the database says about a scenario's writes and jobs. */
export interface LedgerCheck {
  writesOk: number;
  /** Answered 2xx, absent from the database. */
  lostWrites: string[];
  /** Answered with a failure, present in the database. */
  appliedAfterFailure: string[];
  /** Answered 504 OUTCOME_UNKNOWN (either way is right), and how many of them were applied. */
  unknownWrites: number;
  unknownApplied: number;
  jobsAccepted: number;
  /** Accepted jobs that did not end `succeeded` (with the status they ended in). */
  lostJobs: string[];
  /** Jobs whose record shows more than one success, or targets with two succeeded jobs. */
  jobsRunTwice: string[];
  /** Scrape requests answered with a failure that left a job record anyway. */
  refusedButRecorded: string[];
  /** How long the accepted jobs took to finish after the check started. */
  jobsSettledMs: number;
}

const FINAL = new Set(['succeeded', 'failed', 'dead', 'cancelled']);

/** 2xx: applied. 504 OUTCOME_UNKNOWN or no answer at all: unknown. Anything else: not applied. */
export function verdict(answer: Remembered): 'applied' | 'unknown' | 'refused' {
  if (answer.status >= 200 && answer.status < 300) return 'applied';
  if (answer.status === 0 || answer.code === 'OUTCOME_UNKNOWN') return 'unknown';
  return 'refused';
}

interface JobDoc {
  _id: unknown;
  target?: { publicId?: string };
  status?: string;
  transitions?: Array<{ status?: string; note?: string }>;
  attempts?: number;
}

type Db = NonNullable<Connection['db']>;

/** Polls the scrape jobs until every accepted one is final or `timeoutMs` has passed. */
async function settledJobs(
  db: Db,
  acceptedIds: Set<string | undefined>,
  timeoutMs: number,
): Promise<{ jobs: JobDoc[]; settledMs: number }> {
  const started = performance.now();
  for (;;) {
    const jobs = await db
      .collection<JobDoc>('scrape_jobs')
      .find({}, { projection: { target: 1, status: 1, transitions: 1, attempts: 1 } })
      .toArray();
    const open = jobs.filter(
      (job) => acceptedIds.has(String(job._id)) && !FINAL.has(job.status ?? ''),
    );
    const settledMs = performance.now() - started;
    if (open.length === 0 || settledMs > timeoutMs) return { jobs, settledMs };
    await delay(1_000);
  }
}

/** Every write against the profiles present: applied, refused or unknown, as it was answered. */
function checkWrites(
  writes: Remembered[],
  present: Set<string | undefined>,
  check: LedgerCheck,
): void {
  for (const write of writes) {
    const exists = present.has(write.publicId);
    switch (verdict(write)) {
      case 'applied':
        if (exists) check.writesOk++;
        else check.lostWrites.push(write.publicId);
        break;
      case 'refused':
        if (exists)
          check.appliedAfterFailure.push(`${write.publicId} (${write.status} ${write.code ?? ''})`);
        break;
      case 'unknown':
        check.unknownWrites++;
        if (exists) check.unknownApplied++;
        break;
    }
  }
}

/** Jobs that succeeded twice, and targets with two succeeded jobs. */
function checkRunTwice(jobs: JobDoc[], check: LedgerCheck): void {
  const succeededPerTarget = new Map<string, number>();
  for (const job of jobs) {
    if (job.status !== 'succeeded') continue;
    const target = job.target?.publicId ?? '';
    succeededPerTarget.set(target, (succeededPerTarget.get(target) ?? 0) + 1);
    const successes = (job.transitions ?? []).filter((t) => t.status === 'succeeded').length;
    if (successes > 1) check.jobsRunTwice.push(`${String(job._id)} (${successes} successes)`);
  }
  for (const [target, count] of succeededPerTarget) {
    if (count > 1) check.jobsRunTwice.push(`${target} (${count} succeeded jobs)`);
  }
}

/** Accepted requests whose job did not succeed (or left no profile), refused ones with a job. */
function checkScrapes(
  jobs: JobDoc[],
  accepted: Remembered[],
  scrapes: Remembered[],
  present: Set<string | undefined>,
  check: LedgerCheck,
): void {
  const byId = new Map(jobs.map((job) => [String(job._id), job]));
  for (const scrape of accepted) {
    const job = byId.get(scrape.jobId ?? '');
    if (job?.status !== 'succeeded') {
      const last = job?.transitions?.at(-1)?.note ?? '';
      const attempts = job?.attempts ?? 0;
      check.lostJobs.push(
        `${scrape.publicId} (${job?.status ?? 'no record'}, ${attempts} attempts, last: ${last})`,
      );
    } else if (!present.has(scrape.publicId)) {
      check.lostJobs.push(`${scrape.publicId} (succeeded, but no profile)`);
    }
  }
  const recordedTargets = new Set(jobs.map((job) => job.target?.publicId));
  for (const scrape of scrapes) {
    if (verdict(scrape) === 'refused' && recordedTargets.has(scrape.publicId)) {
      check.refusedButRecorded.push(`${scrape.publicId} (${scrape.status} ${scrape.code ?? ''})`);
    }
  }
}

/**
 * Waits (up to `jobsTimeoutMs`) for every accepted scrape job to reach a final state, then
 * compares the ledger with the database at `mongoUri` (a database URI).
 */
export async function checkLedger(
  mongoUri: string,
  writes: Remembered[],
  scrapes: Remembered[],
  jobsTimeoutMs: number,
): Promise<LedgerCheck> {
  const connection = await mongoose
    .createConnection(mongoUri, { serverSelectionTimeoutMS: 10_000 })
    .asPromise();
  try {
    const db = connection.db;
    if (!db) throw new Error('no database handle');
    const accepted = scrapes.filter((s) => verdict(s) === 'applied' && s.jobId);
    const acceptedIds = new Set(accepted.map((s) => s.jobId));
    const { jobs, settledMs } = await settledJobs(db, acceptedIds, jobsTimeoutMs);
    const profiles = await db
      .collection<{ publicId?: string }>('profiles')
      .find({}, { projection: { publicId: 1 } })
      .toArray();
    const present = new Set(profiles.map((p) => p.publicId));
    const check: LedgerCheck = {
      writesOk: 0,
      lostWrites: [],
      appliedAfterFailure: [],
      unknownWrites: 0,
      unknownApplied: 0,
      jobsAccepted: accepted.length,
      lostJobs: [],
      jobsRunTwice: [],
      refusedButRecorded: [],
      jobsSettledMs: settledMs,
    };
    checkWrites(writes, present, check);
    checkRunTwice(jobs, check);
    checkScrapes(jobs, accepted, scrapes, present, check);
    return check;
  } finally {
    await connection.close();
  }
}

/**
 * Drops a scenario's database once it is checked, so the run's data stays within the small
 * tmpfs that the full-disk scenario fills. Best effort: a failure only costs space.
 */
export async function dropDatabase(mongoUri: string): Promise<void> {
  try {
    const connection = await mongoose
      .createConnection(mongoUri, { serverSelectionTimeoutMS: 10_000 })
      .asPromise();
    try {
      await connection.dropDatabase();
    } finally {
      await connection.close();
    }
  } catch {
    // The next scenario uses a database of its own either way.
  }
}
