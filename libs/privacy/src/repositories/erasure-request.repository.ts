import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, Types, trusted } from 'mongoose';
import type { ErasureSubject } from '../privacy.types';
import { ErasureRequest } from '../schemas/erasure-request.schema';

/** A lean erasure request as the repository returns it. */
export type ErasureRequestRecord = ErasureRequest;

/** The only code that touches erasure requests and receipts. */
@Injectable()
export class ErasureRequestRepository {
  constructor(@InjectModel(ErasureRequest.name) private readonly requests: Model<ErasureRequest>) {}

  async create(input: {
    requestedBy: string;
    subjectHash: string;
    subject: ErasureSubject;
    eventId: string;
  }): Promise<ErasureRequestRecord> {
    const created = await this.requests.create({ ...input, state: 'pending' });
    return created.toObject();
  }

  findById(id: string): Promise<ErasureRequestRecord | null> {
    if (!Types.ObjectId.isValid(id) || !/^[0-9a-f]{24}$/.test(id)) return Promise.resolve(null);
    return this.requests.findById(new Types.ObjectId(id)).lean();
  }

  /** Records a finished step and what it removed. */
  async finishStep(id: Types.ObjectId, step: string, removed: number): Promise<void> {
    await this.requests.updateOne(
      { _id: id },
      { $addToSet: { done: step }, $inc: { [`removed.${step}`]: removed } },
    );
  }

  /** Adds to a step's count without finishing it (the re-check pass). */
  async addRemoved(id: Types.ObjectId, step: string, removed: number): Promise<void> {
    await this.requests.updateOne({ _id: id }, { $inc: { [`removed.${step}`]: removed } });
  }

  async setSuppressions(id: Types.ObjectId, hashes: string[]): Promise<void> {
    await this.requests.updateOne({ _id: id }, { $set: { suppressions: hashes } });
  }

  async setWaiting(id: Types.ObjectId, reason: string): Promise<void> {
    await this.requests.updateOne({ _id: id }, { $set: { waitingFor: reason } });
  }

  /** Completes the request: the identifiers go, the receipt stays. */
  async complete(id: Types.ObjectId): Promise<ErasureRequestRecord | null> {
    return this.requests
      .findOneAndUpdate(
        { _id: id },
        {
          $set: { state: 'completed', completedAt: new Date() },
          $unset: { subject: '', waitingFor: '' },
        },
        { returnDocument: 'after' },
      )
      .lean();
  }

  /** Pending requests, oldest first, for the maintenance sweep to resume. */
  async pending(limit: number): Promise<ErasureRequestRecord[]> {
    return this.requests.find({ state: 'pending' }).sort({ state: 1, _id: 1 }).limit(limit).lean();
  }

  /** Ids of completed receipts older than `before`, at most `limit` (retention). */
  async completedBefore(before: Date, limit: number): Promise<Types.ObjectId[]> {
    const found = await this.requests
      .find({ completedAt: trusted({ $lt: before }) }, { _id: 1 })
      .sort({ completedAt: 1 })
      .limit(limit)
      .lean();
    return found.map((request) => request._id);
  }

  async deleteMany(ids: Types.ObjectId[]): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.requests.deleteMany({ _id: trusted({ $in: ids }) });
    return result.deletedCount;
  }
}
