import type { Priority, ScrapeJobStatus } from './scraping.constants';

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
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  createdAt: string;
  updatedAt: string;
}
