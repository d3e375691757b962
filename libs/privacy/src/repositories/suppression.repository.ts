import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, trusted } from 'mongoose';
import { Suppression } from '../schemas/suppression.schema';

/** The only code that touches the suppression list. */
@Injectable()
export class SuppressionRepository {
  constructor(@InjectModel(Suppression.name) private readonly entries: Model<Suppression>) {}

  /** Adds entries; one already there stays as it is (erasure is repeatable). */
  async add(entries: Array<{ hash: string; kind: 'publicId' | 'url' }>, requestId: string) {
    for (const { hash, kind } of entries) {
      await this.entries.updateOne(
        { _id: hash },
        { $setOnInsert: { kind, erasureRequestId: requestId } },
        { upsert: true },
      );
    }
  }

  /** Which of these hashes are on the list. */
  async existing(hashes: string[]): Promise<Set<string>> {
    if (hashes.length === 0) return new Set();
    const found = await this.entries.find({ _id: trusted({ $in: hashes }) }, { _id: 1 }).lean();
    return new Set(found.map((entry) => entry._id));
  }

  /** Lifts one entry; false when there was none. */
  async remove(hash: string): Promise<boolean> {
    const result = await this.entries.deleteOne({ _id: hash });
    return result.deletedCount === 1;
  }
}
