import type { DeadReason, Priority, ScrapeJobStatus } from './scraping.constants';

/** A scrape job as the API shows it. */
export interface ScrapeJobView {
  id: string;
  target: { publicId: string; url: string };
  status: ScrapeJobStatus;
  priority: Priority;
  attempts: number;
  error?: { code: string; message: string; retryable: boolean };
  result?: { profileId: string; changed: boolean };
  requestedBy?: string;
  requestId?: string;
  traceId?: string;
  transitions: Array<{ status: ScrapeJobStatus; at: string; note?: string }>;
  /** When Scout knew the queue took the job (see ScrapeJob.enqueuedAt). */
  enqueuedAt?: string;
  /** Since when the job has been deferred because its host was unavailable. */
  deferredSince?: string;
  deadReason?: DeadReason;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  createdAt: string;
  updatedAt: string;
}
