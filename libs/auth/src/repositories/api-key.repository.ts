import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, Types, trusted } from 'mongoose';
import type { ApiKeyCredential, ApiKeyView } from '../api-keys.types';
import type { Scope } from '../scopes';
import { ApiKey } from '../schemas/api-key.schema';

type Lean = ApiKey & { _id: Types.ObjectId };

/** The key list's order: newest first, `_id` breaking ties. */
export const API_KEY_LIST_SORT = { createdAt: -1, _id: -1 } as const;

/** Everything but the hash: listing and revoking never read it. */
const VIEW_FIELDS = { hash: 0 } as const;

function toView(doc: Omit<Lean, 'hash'>): ApiKeyView {
  const view: ApiKeyView = {
    id: doc._id.toHexString(),
    name: doc.name,
    prefix: doc.prefix,
    scopes: doc.scopes as Scope[],
    createdAt: doc.createdAt.toISOString(),
  };
  if (doc.lastUsedAt) view.lastUsedAt = doc.lastUsedAt.toISOString();
  if (doc.revokedAt) view.revokedAt = doc.revokedAt.toISOString();
  return view;
}

/** A key to record: its lookup prefix and hash, never the key. */
export interface NewApiKey {
  name: string;
  prefix: string;
  hash: string;
  scopes: Scope[];
}

/** The only code that touches the api_keys collection. */
@Injectable()
export class ApiKeyRepository {
  constructor(@InjectModel(ApiKey.name) private readonly keys: Model<ApiKey>) {}

  /** Records a key; a duplicate prefix surfaces as MongoDB's duplicate-key error (code 11000). */
  async insert(key: NewApiKey): Promise<ApiKeyView> {
    const created = await this.keys.create(key);
    return toView(created.toObject());
  }

  /** What authentication needs, by prefix; one indexed read. */
  async findCredential(prefix: string): Promise<ApiKeyCredential | null> {
    const doc = await this.keys
      .findOne({ prefix }, { hash: 1, scopes: 1, revokedAt: 1 })
      .lean<Pick<Lean, '_id' | 'hash' | 'scopes' | 'revokedAt'>>();
    if (!doc) return null;
    return {
      id: doc._id.toHexString(),
      hash: doc.hash,
      scopes: doc.scopes as Scope[],
      revoked: doc.revokedAt !== undefined && doc.revokedAt !== null,
    };
  }

  /** Every key, newest first. Keys are few (one per client service), so no pagination. */
  async list(): Promise<ApiKeyView[]> {
    const docs = await this.keys.find({}, VIEW_FIELDS).sort(API_KEY_LIST_SORT).lean();
    return docs.map(toView);
  }

  async findById(id: string): Promise<ApiKeyView | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await this.keys.findById(new Types.ObjectId(id), VIEW_FIELDS).lean();
    return doc ? toView(doc) : null;
  }

  async findByPrefix(prefix: string): Promise<ApiKeyView | null> {
    const doc = await this.keys.findOne({ prefix }, VIEW_FIELDS).lean();
    return doc ? toView(doc) : null;
  }

  /** Sets `revokedAt` unless already set; returns the key as it is afterwards. */
  async revoke(id: string, at: Date): Promise<ApiKeyView | null> {
    const _id = new Types.ObjectId(id);
    await this.keys.updateOne(
      { _id, revokedAt: trusted({ $exists: false }) },
      { $set: { revokedAt: at } },
    );
    return this.findById(id);
  }

  /**
   * Records a use, unless one was recorded less than `minIntervalMs` ago (by any process):
   * at most one write per key and interval however many requests it serves.
   */
  async touchLastUsed(id: string, at: Date, minIntervalMs: number): Promise<void> {
    const before = new Date(at.getTime() - minIntervalMs);
    await this.keys.updateOne(
      {
        _id: new Types.ObjectId(id),
        $or: [
          { lastUsedAt: trusted({ $exists: false }) },
          { lastUsedAt: trusted({ $lt: before }) },
        ],
      },
      { $set: { lastUsedAt: at } },
      { timestamps: false },
    );
  }
}
