import { type mongo, Types } from 'mongoose';
import type { DocumentValidator } from '@scout/database';
import type { ProfileContent, StoredProfile } from '../stored-profile';
import { fromDocument, setAndUnset, toDocument } from './profile.document';

/** One write of a batch: a new profile, or a changed one as it was read (its version too). */
export type BatchWrite =
  | { kind: 'insert'; id: string; content: ProfileContent }
  | { kind: 'update'; id: string; content: ProfileContent; before: StoredProfile };

/**
 * A batch checked and planned: per write at its index, the profile as it will be stored (so
 * its change event can be staged first), or what refused it.
 */
export interface PreparedBatch {
  readonly writes: readonly BatchWrite[];
  readonly after: ReadonlyArray<StoredProfile | null>;
  readonly refused: ReadonlyArray<Error | null>;
}

/** Sent for an update whose profile moved on (or went away) between the read and the write. */
export class ProfileMovedOnError extends Error {
  constructor() {
    super('the profile changed between the read and the write');
    this.name = 'ProfileMovedOnError';
  }
}

/** A prepared batch with the bulk operation of each write (none for a refused one). */
export interface BatchPlan {
  prepared: PreparedBatch;
  ops: Array<mongo.AnyBulkWriteOperation | null>;
}

/**
 * Plans batch writes as plain documents: each is checked against every schema rule (compiled
 * once) and becomes the document it will store over the schema's `defaults`; an update is
 * conditional on the version it was read at.
 */
export function planBatch(
  writes: readonly BatchWrite[],
  at: Date,
  defaults: Record<string, unknown>,
  validate: DocumentValidator,
): BatchPlan {
  const after: Array<StoredProfile | null> = [];
  const refused: Array<Error | null> = [];
  const ops: Array<mongo.AnyBulkWriteOperation | null> = [];
  for (const write of writes) {
    const stored = toDocument(write.content);
    const document = { ...defaults, ...stored, version: 1 };
    const refusal = validate(document);
    refused.push(refusal);
    if (refusal) {
      after.push(null);
      ops.push(null);
      continue;
    }
    const planned =
      write.kind === 'insert' ? planInsert(write, document, at) : planUpdate(write, stored, at);
    after.push(planned.after);
    ops.push(planned.op);
  }
  return { prepared: { writes, after, refused }, ops };
}

function planInsert(
  write: BatchWrite,
  document: Record<string, unknown>,
  at: Date,
): { after: StoredProfile; op: mongo.AnyBulkWriteOperation } {
  const inserted = { _id: new Types.ObjectId(write.id), ...document, createdAt: at, updatedAt: at };
  return { after: fromDocument(inserted), op: { insertOne: { document: inserted } } };
}

function planUpdate(
  write: Extract<BatchWrite, { kind: 'update' }>,
  stored: Record<string, unknown>,
  at: Date,
): { after: StoredProfile; op: mongo.AnyBulkWriteOperation } {
  const { $set, $unset } = setAndUnset(stored);
  const after: Record<string, unknown> = {
    ...toDocument(write.before),
    ...$set,
    version: write.before.version + 1,
    updatedAt: at,
  };
  for (const key of Object.keys($unset ?? {})) delete after[key];
  return {
    after: fromDocument(after),
    op: {
      updateOne: {
        filter: { _id: new Types.ObjectId(write.id), version: write.before.version },
        update: {
          $set: { ...$set, updatedAt: at },
          ...($unset && { $unset }),
          $inc: { version: 1 },
        },
      },
    },
  };
}
