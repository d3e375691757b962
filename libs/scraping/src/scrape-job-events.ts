import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DocumentLock } from '@scout/database';
import { type EventDraft, EventLog, type PendingEvent, type Resolution } from '@scout/events';
import { ScrapeJobRepository } from './repositories/scrape-job.repository';
import type { ScrapeJobView } from './scrape-job.view';
import type { ScrapeJobStatus } from './scraping.constants';

/** The job transitions receivers hear about, by the status they reach. */
export const EVENTED_JOB_STATUSES = {
  succeeded: 'scrape_job.succeeded',
  failed: 'scrape_job.failed',
  dead: 'scrape_job.dead',
} as const satisfies Partial<Record<ScrapeJobStatus, EventDraft['type']>>;

/** Whether a transition to `to` records a change event. */
export function isEventedStatus(to: ScrapeJobStatus): to is keyof typeof EVENTED_JOB_STATUSES {
  return to in EVENTED_JOB_STATUSES;
}

/**
 * The event of a job's transition to a final status. Its sequence is the job's transition
 * count after the write (each transition appends one, under the job's lock), and it occurs at
 * the instant recorded on that transition, which is how a pending one is recognised later.
 */
export function jobTransitionEvent(
  current: ScrapeJobView,
  to: keyof typeof EVENTED_JOB_STATUSES,
  at: Date,
  details: Pick<ScrapeJobView, 'result' | 'error'> & { deadReason?: string },
): EventDraft {
  const data: Record<string, unknown> = {
    publicId: current.target.publicId,
    status: to,
    attempts: current.attempts,
  };
  if (current.requestedBy) data.requestedBy = current.requestedBy;
  if (to === 'succeeded' && details.result) data.result = details.result;
  if (to !== 'succeeded' && details.error) {
    data.error = { code: details.error.code, retryable: details.error.retryable };
  }
  if (to === 'dead' && details.deadReason) data.deadReason = details.deadReason;
  return {
    type: EVENTED_JOB_STATUSES[to],
    subject: { kind: 'scrape_job', id: current.id },
    sequence: current.transitions.length + 1,
    actor: `scrape-job:${current.id}`,
    occurredAt: at,
    data,
  };
}

/**
 * Answers for scrape-job events left pending: the transition landed exactly when the job's
 * transition at the event's sequence has the event's status and instant.
 */
@Injectable()
export class ScrapeJobEventResolver implements OnModuleInit {
  constructor(
    private readonly events: EventLog,
    private readonly jobs: ScrapeJobRepository,
    private readonly locks: DocumentLock,
  ) {}

  onModuleInit(): void {
    this.events.registerResolver('scrape_job', {
      exclusive: (id, work) => this.locks.withLock(`scrape-job:${id}`, work),
      resolve: (event) => this.resolve(event),
    });
  }

  /** Whether the transition that staged `event` landed; callers hold the job's lock. */
  async resolve(event: PendingEvent): Promise<Resolution> {
    const job = await this.jobs.findById(event.subject.id);
    const transition = job?.transitions[event.sequence - 1];
    const landed =
      transition?.status === event.data.status && transition?.at === event.occurredAt.toISOString();
    return landed ? 'landed' : 'not-landed';
  }
}
