/** What became of one run of a job; the worker's processor turns it into BullMQ terms. */
export type RunOutcome =
  | { kind: 'succeeded'; profileId: string; changed: boolean }
  | { kind: 'skipped'; reason: string }
  | { kind: 'deferred'; delayMs: number; reason: string }
  | { kind: 'failed'; final: boolean; code: string; message: string };

/** Which attempt this is, as the queue counts them. */
export interface AttemptInfo {
  number: number;
  isLast: boolean;
}
