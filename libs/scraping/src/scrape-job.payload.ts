import { Types } from 'mongoose';
import { readTraceCarrier, type TraceCarrier } from '@scout/observability';

/** What a scrape job carries through the queue: enough to run it, nothing personal. */
export interface ScrapeJobPayload {
  scrapeJobId: string;
  publicId: string;
  url: string;
  requestId?: string;
  /** W3C trace context of the enqueueing request, so the worker's spans join its trace. */
  trace?: TraceCarrier;
}

const PUBLIC_ID = /^[a-z0-9][a-z0-9-]{2,99}$/;

/**
 * Validates a payload read back from Redis before the worker acts on it (a queue is a
 * boundary too: an old or foreign job must fail clearly, not half-run).
 */
export function parseScrapeJobPayload(data: unknown): ScrapeJobPayload {
  const value = (data ?? {}) as Record<string, unknown>;
  const { scrapeJobId, publicId, url, requestId, trace } = value;
  if (typeof scrapeJobId !== 'string' || !Types.ObjectId.isValid(scrapeJobId)) {
    throw new TypeError('scrape job payload: scrapeJobId must be an ObjectId');
  }
  if (typeof publicId !== 'string' || !PUBLIC_ID.test(publicId)) {
    throw new TypeError('scrape job payload: publicId is invalid');
  }
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
    throw new TypeError('scrape job payload: url is invalid');
  }
  if (requestId !== undefined && typeof requestId !== 'string') {
    throw new TypeError('scrape job payload: requestId must be a string');
  }
  const carrier = readTraceCarrier(trace);
  return carrier
    ? { scrapeJobId, publicId, url, requestId, trace: carrier }
    : { scrapeJobId, publicId, url, requestId };
}
