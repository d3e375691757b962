import { Injectable } from '@nestjs/common';
import type { ErasureParticipant } from './privacy.types';

/** Where Scout's own participants run; others pick a position between or after them. */
export const ERASURE_ORDER = {
  /** Queue entries first: nothing waiting may start and land the person again. */
  queues: 100,
  scrapeJobs: 200,
  idempotency: 300,
  events: 400,
  profiles: 500,
  cache: 600,
  /** The searches of everything else run last, after every named store. */
  queueSearch: 850,
  redisKeys: 900,
  collectionScan: 950,
} as const;

/**
 * The stores erasure visits, in order. Each participant registers itself (usually from its
 * `onModuleInit`), so a new store is a new participant and never an edit to the erasure service.
 */
@Injectable()
export class ErasureParticipants {
  private readonly entries: Array<{ position: number; participant: ErasureParticipant }> = [];

  /** Adds a participant at `position` (see {@link ERASURE_ORDER}); one per store name. */
  register(participant: ErasureParticipant, position: number): void {
    if (this.entries.some((entry) => entry.participant.store === participant.store)) {
      throw new Error(`an erasure participant for "${participant.store}" is registered already`);
    }
    this.entries.push({ position, participant });
    this.entries.sort((a, b) => a.position - b.position);
  }

  /** Every participant, in order. */
  all(): readonly ErasureParticipant[] {
    return this.entries.map((entry) => entry.participant);
  }

  /** Collections some participant is responsible for. */
  coveredCollections(): Set<string> {
    return new Set(this.entries.flatMap((entry) => entry.participant.collections ?? []));
  }
}
