import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from './duplicate-key';
import {
  IdempotentRequest,
  type IdempotentRequestState,
} from './schemas/idempotent-request.schema';

/** A stored answer, replayed to every later request with the same key. */
export interface StoredAnswer {
  body?: string;
  headers: Record<string, string>;
}

/** What a request with an `Idempotency-Key` should do. */
export type IdempotencyClaim =
  /** First attempt (`retry: false`), or a new attempt after one whose outcome is unknown. */
  | { kind: 'run'; retry: boolean }
  /** An earlier attempt finished: answer with it. */
  | { kind: 'replay'; answer: StoredAnswer }
  /** An attempt is running right now. */
  | { kind: 'busy' }
  /** The key was used for a different request. */
  | { kind: 'mismatch' };

/** How long keys live and how long a running attempt holds one. */
export interface IdempotencyTimes {
  ttlMs: number;
  leaseMs: number;
}

/**
 * Records of write requests made safe to retry, in MongoDB next to the data they protect, so a
 * record can never be lost while the write it describes survives. No domain vocabulary: callers
 * hash their own scope into the id and fingerprint the request. Expired records are ignored and
 * overwritten on reuse (FerretDB has no TTL indexes).
 */
@Injectable()
export class IdempotencyStore {
  constructor(
    @InjectModel(IdempotentRequest.name) private readonly records: Model<IdempotentRequest>,
  ) {}

  /** Decides what an attempt may do, taking the key for it when it may run. */
  async claim(id: string, fingerprint: string, times: IdempotencyTimes): Promise<IdempotencyClaim> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = new Date();
      const current = await this.records.findById(id).lean();
      if (!current || current.expiresAt <= now) {
        if (await this.take(id, fingerprint, now, times, current ?? undefined)) {
          return { kind: 'run', retry: false };
        }
        continue;
      }
      if (current.fingerprint !== fingerprint) return { kind: 'mismatch' };
      if (current.state === 'done') {
        return { kind: 'replay', answer: { body: current.body, headers: current.headers ?? {} } };
      }
      const abandoned = now.getTime() - current.claimedAt.getTime() > times.leaseMs;
      if (current.state === 'pending' && !abandoned) return { kind: 'busy' };
      if (await this.retake(id, current.state, current.claimedAt, now)) {
        return { kind: 'run', retry: true };
      }
    }
    return { kind: 'busy' };
  }

  /** The attempt succeeded: later requests with the key get this answer. */
  async complete(id: string, answer: StoredAnswer): Promise<void> {
    await this.records.updateOne(
      { _id: id },
      { $set: { state: 'done', body: answer.body, headers: answer.headers } },
    );
  }

  /** The attempt may have written something: the next one runs again and finds out. */
  async markUnknown(id: string): Promise<void> {
    await this.records.updateOne({ _id: id, state: 'pending' }, { $set: { state: 'unknown' } });
  }

  /** The attempt failed without writing anything: the key is free again. */
  async release(id: string): Promise<void> {
    await this.records.deleteOne({ _id: id, state: 'pending' });
  }

  private async take(
    id: string,
    fingerprint: string,
    now: Date,
    times: IdempotencyTimes,
    expired: { expiresAt: Date } | undefined,
  ): Promise<boolean> {
    const record = {
      fingerprint,
      state: 'pending' as IdempotentRequestState,
      claimedAt: now,
      expiresAt: new Date(now.getTime() + times.ttlMs),
    };
    if (expired) {
      const replaced = await this.records.replaceOne(
        { _id: id, expiresAt: expired.expiresAt },
        { _id: id, ...record },
      );
      return replaced.modifiedCount === 1;
    }
    try {
      await this.records.create({ _id: id, ...record });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  private async retake(
    id: string,
    state: IdempotentRequestState,
    claimedAt: Date,
    now: Date,
  ): Promise<boolean> {
    const taken = await this.records.updateOne(
      { _id: id, state, claimedAt },
      { $set: { state: 'pending', claimedAt: now } },
    );
    return taken.modifiedCount === 1;
  }
}
