/**
 * Everything erasure needs to find one person in every store, gathered once when the request is
 * made and kept on the request only while it is pending (so a crashed erasure can resume);
 * removed from the record when the erasure completes.
 */
export interface ErasureSubject {
  /** The profile's ObjectId hex; absent when only the publicId was known (profile gone). */
  profileId?: string;
  publicId: string;
  /** The profile's URL as stored and the scrape URL of its publicId (deduplicated). */
  urls: string[];
  /** Ids of the scrape jobs of this person, found before any of them was removed. */
  scrapeJobIds: string[];
  /** The profile's version when the erasure started (the erased event's sequence is one more). */
  lastVersion?: number;
}

/**
 * One store that can hold personal data. Erasure asks each registered participant, in order,
 * to remove what it holds about the subject; a new store adds a participant (and registers it
 * with {@link ErasureParticipants}), never an edit to the erasure service. Both methods must be
 * idempotent: a resumed erasure runs them again.
 */
export interface ErasureParticipant {
  /** Stable name, used as the key of the receipt's counts and of metrics. */
  readonly store: string;
  /**
   * Collections this participant is responsible for; the leftover search of every collection
   * leaves them to it.
   */
  readonly collections?: readonly string[];
  /**
   * A search that reads a whole store (every key, every document) rather than looking the
   * person up: it runs once, after the named stores, and not in the second pass.
   */
  readonly exhaustive?: boolean;
  /** How many items it holds about the subject now. */
  find(subject: ErasureSubject): Promise<number>;
  /**
   * Removes them and returns how many it removed. Throws {@link ErasureDeferredError} when
   * something cannot be removed yet (a job running right now): the request stays pending and
   * the maintenance sweep resumes it.
   */
  remove(subject: ErasureSubject): Promise<number>;
}

/** Part of the person cannot be removed yet; the erasure is resumed later, not failed. */
export class ErasureDeferredError extends Error {
  override readonly name = 'ErasureDeferredError';

  /** `removed`: what the participant did remove before it had to stop. */
  constructor(
    message: string,
    readonly removed = 0,
  ) {
    super(message);
  }
}

/** Where an erasure request stands. */
export const ERASURE_STATES = ['pending', 'completed'] as const;
export type ErasureState = (typeof ERASURE_STATES)[number];

/** The receipt of an erasure: who asked, when, what was removed where; never who was erased. */
export interface ErasureReceipt {
  id: string;
  state: ErasureState;
  requestedBy: string;
  requestedAt: string;
  completedAt?: string;
  /** Keyed hash of the profile id (or publicId), to match a later question to this receipt. */
  subjectHash: string;
  /** Suppression list entries this erasure added (lift one with `DELETE /v1/suppressions/:hash`). */
  suppressions: string[];
  /** Items removed per store. */
  removed: Record<string, number>;
  /** Why a pending erasure is waiting, when it is. */
  waitingFor?: string;
}
